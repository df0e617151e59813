"""The Alembic revision this code expects (a test keeps it equal to the migrations' head).

Its own module because the fast export path checks it without importing SQLAlchemy.
"""

from __future__ import annotations

SCHEMA_HEAD = "0005"
