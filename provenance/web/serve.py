"""`provenance serve`: Datasette on one SQLite file, read-only, with this package's metadata.

The file is opened immutable (Datasette's ``-i``): nothing the web page does can write to
it, and Datasette may count rows once and cache. Metadata, templates and the plugin ship
inside the package, so a pip-installed ``provenance[web]`` serves the same pages as a
checkout.
"""

from __future__ import annotations

import asyncio
import socket
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from provenance.errors import ConfigError, ProvenanceError

WEB = resources.files("provenance.web")
#: the key metadata.yaml files its tables and queries under, renamed to the served file's
PLACEHOLDER = "corpus"
INSTALL = "pip install 'provenance[web]'"


class WebUnavailable(ProvenanceError):
    """Datasette is not installed (the ``web`` extra)."""


def metadata_for(database: str) -> dict[str, Any]:
    """The shipped metadata with its tables and queries under ``database``."""
    metadata: dict[str, Any] = yaml.safe_load((WEB / "metadata.yaml").read_text("utf-8"))
    metadata["databases"] = {database: metadata["databases"][PLACEHOLDER]}
    return metadata


def database_name(path: Path) -> str:
    """The name Datasette gives a file: its stem (``corpus.db`` is ``/corpus``)."""
    return path.stem


def make_datasette(path: Path) -> Any:
    """A Datasette on ``path`` (immutable), with the plugin, metadata and templates."""
    try:
        from datasette.app import Datasette
        from datasette.plugins import pm
    except ModuleNotFoundError:
        raise WebUnavailable(f"serve needs Datasette, the web extra: {INSTALL}") from None
    from provenance.web import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name="provenance")
    return Datasette(
        immutables=[str(path)],
        metadata=metadata_for(database_name(path)),
        template_dir=str(WEB / "templates"),
        settings={"sql_time_limit_ms": 3000, "facet_time_limit_ms": 500},
    )


def _port_free(host: str, port: int) -> None:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ConfigError(f"cannot serve on host {host!r}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        try:
            probe.bind(address)
        except OSError as exc:
            raise ConfigError(f"cannot serve on {host}:{port}: {exc.strerror}") from None


def serve(path: Path, host: str, port: int, announce: Any = print) -> None:
    """Serve ``path`` until interrupted."""
    datasette = make_datasette(path)  # first: without Datasette, say how to install it
    _port_free(host, port)
    import uvicorn

    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(datasette.invoke_startup())
    finally:
        loop.close()
    shown = f"[{host}]" if ":" in host else host
    announce(f"Serving {path} read-only at http://{shown}:{port}/ (Ctrl-C stops)")
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning", lifespan="on")
