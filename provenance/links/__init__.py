"""Across documents: suggested links between claims, the story of a claim, citation loops.

Library code only (no Typer): the CLI module ``provenance.cli.links`` prints what these
functions return.
"""
