"""Browse the corpus in a web page: Datasette's metadata, templates and plugin for it."""
