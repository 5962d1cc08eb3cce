"""The indicator dictionary (指标字典): standard names, units, directions and disaggregations by code.
Not region data: every signed-in user may read it."""

import datetime as dt
from typing import Literal

from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from planwatch.apps.dictionary.models import DictionaryEntry

from .pages import Mapped, Pages

router = Router(tags=["指标字典"])


class EntryOut(Schema):
    code: str
    name: str
    synonyms: list[str]
    definition: str
    unit: str
    unit_family: str
    direction: str
    disaggregations: list[str]
    departments: list[str]
    population: str
    area: str
    source: str
    retired: bool
    updated_at: dt.datetime


def entry_out(e: DictionaryEntry) -> EntryOut:
    return EntryOut(
        code=e.code, name=e.name, synonyms=[str(s) for s in e.synonyms or []], definition=e.definition,
        unit=e.unit, unit_family=e.unit_family, direction=e.direction,
        disaggregations=[str(s) for s in e.disaggregations or []],
        departments=[str(s) for s in e.departments or []], population=e.population, area=e.area,
        source=e.source, retired=e.retired, updated_at=e.updated_at,
    )  # fmt: skip


@router.get("/dictionary/entries", response=list[EntryOut], summary="指标字典条目列表（分页）")
@paginate(Pages)
def entries(
    request,
    population: Literal["women", "children"] | None = None,
    area: str | None = None,
    include_retired: bool = False,
):
    qs = DictionaryEntry.objects.order_by("code")
    if population:
        qs = qs.filter(population=population)
    if area:
        qs = qs.filter(area=area)
    if not include_retired:
        qs = qs.filter(retired=False)
    return Mapped(qs, entry_out)


@router.get("/dictionary/entries/{code}", response=EntryOut, summary="按编码查看一个字典条目")
def entry(request, code: str):
    e = DictionaryEntry.objects.filter(code=code).first()
    if e is None:
        raise HttpError(404, f"指标字典中没有编码「{code}」")
    return entry_out(e)
