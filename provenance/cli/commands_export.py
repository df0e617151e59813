"""``provenance export ...``: CSV tables, W3C PROV, pictures of chains."""

from __future__ import annotations

import typer

export_app = typer.Typer(
    help="Export claim tables (CSV), W3C PROV, or chain pictures.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
