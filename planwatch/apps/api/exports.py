"""Exports for integrators: approved observations as SDMX-CSV."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router

from planwatch.apps.dictionary.models import IndicatorLink

from . import access, sdmx
from .params import plan_query, year_query

router = Router(tags=["数据交换"])


@router.get(
    "/observations.csv",
    summary="已审核监测数据（SDMX-CSV 2.1）",
    description="按 plan（规划编号）、year（年份）筛选；只含已审核数据，范围与当前用户的地区权限一致。",
    response={200: str},
    openapi_extra={"responses": {200: {"description": "SDMX-CSV", "content": {sdmx.MEDIA_TYPE: {}}}}},
)
def observations_csv(
    request,
    plan: int | None = plan_query(),
    year: int | None = year_query(),
):
    qs = access.approved_observations(request.user).select_related("indicator", "region")
    name = "planwatch-observations"
    if plan is not None:
        p = access.plan_for(request.user, plan)
        qs = qs.filter(indicator__plan=p)
        name += f"-plan{p.pk}"
    if year is not None:
        qs = qs.filter(year=year)
        name += f"-{year}"
    qs = qs.order_by("indicator_id", "region__code", "year", "sex", "age_group", "area_type")
    codes = dict(
        IndicatorLink.objects.filter(accepted=True, entry__isnull=False)
        .filter(indicator_id__in=qs.values("indicator_id"))
        .values_list("indicator_id", "entry__code")
    )
    rows = (
        sdmx.SdmxObservation(
            region_code=o.region.code,
            indicator_code=sdmx.indicator_code(codes.get(o.indicator_id), o.indicator_id),
            sex=o.sex,
            age_group=o.age_group,
            area_type=o.area_type,
            year=o.year,
            value=o.value,
            unit=o.indicator.unit,
        )  # fmt: skip
        for o in qs.iterator(chunk_size=2000)
    )
    response = HttpResponse(sdmx.sdmx_csv(rows), content_type=sdmx.MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
