"""Typed, bounded parameters shared by the endpoints: out-of-range values get a 422 naming the parameter
instead of reaching the database (PostgreSQL would reject an id beyond its integer range)."""

from ninja import Path, Query

from planwatch.site.ids import MAX_ID

FIRST_YEAR, LAST_YEAR = 1949, 2100


def plan_id_path():
    return Path(..., ge=1, le=MAX_ID, description="规划编号")


def year_query(description: str = "年份"):
    return Query(None, ge=FIRST_YEAR, le=LAST_YEAR, description=description)


def described(default, description: str):
    """A query parameter with its Chinese description in the OpenAPI document."""
    return Query(default, description=description)


def plan_query():
    return Query(None, ge=1, le=MAX_ID, description="规划编号")


def id_query(description: str):
    """An optional id filter: beyond MAX_ID is a 422 naming the parameter (it used to answer 500)."""
    return Query(None, ge=1, le=MAX_ID, description=description)


def id_path(description: str):
    return Path(..., ge=1, le=MAX_ID, description=description)
