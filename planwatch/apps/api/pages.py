"""Pagination of every list endpoint (ninja's ``@paginate``): ``?page=1&page_size=100`` →
``{"items": [...], "count": N, "page": 1, "pages": P, "page_size": 100, "next": 2 | null}``.

A page beyond the last answers 404 naming the last page (an empty result still has its page 1). Views may
return a ``Mapped`` queryset, so only the page's rows are read and turned into output rows."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
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
        return [self.to_out(row) for row in self.queryset[part]]


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
        size = pagination.page_size
        pages = max(1, math.ceil(count / size))
        if pagination.page > pages:
            raise HttpError(
                404, f"第 {pagination.page} 页不存在：共 {count} 条，每页 {size} 条，最后一页是第 {pages} 页"
            )
        start = (pagination.page - 1) * size
        return {
            "items": queryset[start : start + size],
            "count": count,
            "page": pagination.page,
            "pages": pages,
            "page_size": size,
            "next": pagination.page + 1 if pagination.page < pages else None,
        }
