"""Paging, once for the pages and the API: a select cut to one page (the page number clamped into range), its
total and page count; and the API's envelope {items, total, page, pages, per_page}."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field
from sqlalchemy import Connection, Select, func, select

__all__ = ["MAX_PER_PAGE", "Page", "Window", "list_window", "window"]

MAX_PER_PAGE = 200
T = TypeVar("T")


@dataclass(frozen=True)
class Window:
    rows: list[Any]
    total: int
    page: int
    pages: int
    per_page: int


def window(conn: Connection, stmt: Select, *order: Any, page: int, per_page: int) -> Window:
    """Given a select and its order, return the rows of one page (a page past the end gives the last one, a page
    below 1 the first) with the total count and the number of pages (at least 1, even when empty)."""
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    total = conn.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = conn.execute(stmt.order_by(*order).offset((page - 1) * per_page).limit(per_page)).all()
    return Window(list(rows), total, page, pages, per_page)


def list_window(rows: list[Any], *, page: int, per_page: int) -> Window:
    """The same for rows already in memory (a list filtered by what only Python computes, such as a status)."""
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    pages = max(1, -(-len(rows) // per_page))
    page = min(max(1, page), pages)
    return Window(rows[(page - 1) * per_page:page * per_page], len(rows), page, pages, per_page)


class Page(BaseModel, Generic[T]):
    """一页结果。"""

    items: list[T] = Field(description="本页的条目")
    total: int = Field(description="符合条件的条目总数")
    page: int = Field(description="页码（从 1 开始）")
    pages: int = Field(description="总页数（至少为 1）")
    per_page: int = Field(description="每页条数（不超过 200）")
