"""Exports for other tools: CSV tables, W3C PROV documents, pictures of relay chains.

Each module has one job and imports nothing heavy at package import time, so the CLI
can name this package without slowing ``provenance --help``:

- :mod:`.sink` opens the destination (stdout or a file written atomically) as UTF-8;
- :mod:`.csv_tables` streams the claim, relay, actor, relation and document tables;
- :mod:`.prov_export` builds a PROV document with the optional ``prov`` package;
- :mod:`.graph` draws one claim's chains, or one actor's relay neighbourhood, as
  Graphviz DOT, Mermaid or (through Graphviz's ``dot``) SVG.
"""
