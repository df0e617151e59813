"""Where the database is: ``--db`` beats ``PROVENANCE_DATABASE_URL`` beats ``./provenance.db``."""

from __future__ import annotations

import os
import re
from pathlib import Path

ENV_VAR = "PROVENANCE_DATABASE_URL"
DEFAULT_PATH = "provenance.db"

_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def database_url(option: str | None = None) -> str:
    """Turn what the user gave (a path or a URL, or nothing) into an SQLAlchemy URL.

    A plain path means SQLite, so people never need to learn URL syntax for the default.
    """
    raw = option or os.environ.get(ENV_VAR) or DEFAULT_PATH
    if _URL_SCHEME.match(raw) or raw.startswith("sqlite:"):
        if raw.startswith("postgresql://") or raw.startswith("postgres://"):
            # Plain postgresql:// would pick psycopg2, which we do not ship.
            raw = "postgresql+psycopg://" + raw.split("://", 1)[1]
        return _encode_at_in_password(raw)
    return "sqlite:///" + str(Path(raw).expanduser())


def mask_password(url: str) -> str:
    """Hide the password of a URL so it can be printed in an error message.

    Up to the last ``@``: a password may hold an unencoded ``@``, and masking a little
    too much is harmless where showing a tail is not.
    """
    return re.sub(r"(://[^:/@]*:).*@", r"\1***@", url)


def _encode_at_in_password(url: str) -> str:
    """``user:p@ss@host`` means the password ``p@ss``: the host follows the last ``@``.

    Left as typed, the driver would take ``ss@host`` for the host and print it (the
    password's tail) in its error messages.
    """
    scheme, sep, rest = url.partition("://")
    netloc, slash, tail = rest.partition("/")
    if not sep or netloc.count("@") < 2:
        return url
    userinfo, _, host = netloc.rpartition("@")
    return f"{scheme}://{userinfo.replace('@', '%40')}@{host}{slash}{tail}"
