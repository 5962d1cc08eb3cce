"""Pagination of every list endpoint (ninja's ``@paginate``): ``?page=1&page_size=100`` →
``{"items": [...], "count": N, "page": 1, "pages": P, "page_size": 100, "next": 2 | null}``.

A page beyond the last answers 404 naming the last page (an empty result still has its page 1). Views may
return a ``Mapped`` queryset, so only the page's rows are read and turned into output rows.

Answers that carry summary fields besides their rows (the assessment's years, the warnings' counts per kind)
take the same ``page``/``page_size`` parameters (``page_query``, ``page_size_query``) and add the same fields
through ``Paged`` and ``page_of``.

Lists left whole, because they are bounded by one plan's indicator system (one parsed plan document within
the upload limits, at most a few hundred rows): a plan's areas, goals and indicators in ``/plans/{id}``
(``/plans/{id}/indicators`` pages them for clients that want pages), and the alignment's rows (one per
target of the two plans compared) with its unlinked and needs-review names; a dictionary entry's synonyms,
disaggregations and departments (a curated entry's few names)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Query, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase

from planwatch.site.ids import MAX_ID

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


class Mapped:
    """A queryset whose rows are mapped to output objects only when a page of it is sliced."""

    def __init__(self, queryset: QuerySet, to_out: Callable[[Any], Any]):
        self.queryset, self.to_out = queryset, to_out

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, part: slice) -> list:
        return [self.to_out(row) for row in rows_of(self.queryset, part)]


def rows_of(queryset: QuerySet, part: slice) -> list:
    """The rows of one page: their ids first (the database sorts narrow rows to find the page, not whole ones
    with their long texts), then the rows themselves."""
    ids = list(queryset.values_list("pk", flat=True)[part])
    found = {row.pk: row for row in queryset.filter(pk__in=ids)}
    return [found[pk] for pk in ids]


class Pages(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_ID, description="页码，从 1 开始")
        page_size: int = Field(
            DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数（1–{MAX_PAGE_SIZE}）"
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="符合条件的总条数")
        page: int
        pages: int = Field(description="总页数（没有数据时为 1）")
        page_size: int
        next: int | None = Field(description="下一页的页码；最后一页为 null")

    def paginate_queryset(self, queryset, pagination: Input, request, **params):
        count = len(queryset) if isinstance(queryset, Mapped | list) else self._items_count(queryset)
        return page_of(queryset, pagination.page, pagination.page_size, count)


class Paged(Schema):
    """The page fields of an answer that also carries summary fields (subclasses add ``items``)."""

    count: int = Field(description="符合条件的总条数")
    page: int
    pages: int = Field(description="总页数（没有数据时为 1）")
    page_size: int
    next: int | None = Field(description="下一页的页码；最后一页为 null")


def page_query():
    return Query(1, ge=1, le=MAX_ID, description="页码，从 1 开始")


def page_size_query():
    return Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数（1–{MAX_PAGE_SIZE}）")


def page_of(rows, page: int, size: int, count: int | None = None) -> dict:
    """``items`` (the page's slice of ``rows``: a list, a queryset or a ``Mapped``) and the page fields."""
    count = len(rows) if count is None else count
    pages = max(1, math.ceil(count / size))
    if page > pages:
        raise HttpError(404, f"第 {page} 页不存在：共 {count} 条，每页 {size} 条，最后一页是第 {pages} 页")
    start = (page - 1) * size
    return {
        "items": rows[start : start + size],
        "count": count,
        "page": page,
        "pages": pages,
        "page_size": size,
        "next": page + 1 if page < pages else None,
    }
