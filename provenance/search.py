"""Full-text search over quotes and statements (filled in by the query issue)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_
from sqlalchemy.engine import Connection

from .models import Claim


def search_condition(conn: Connection, text: str) -> Any:
    pattern = f"%{text}%"
    return or_(Claim.quote.ilike(pattern), Claim.statement.ilike(pattern))
