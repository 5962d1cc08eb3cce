"""REST API (django-ninja). OpenAPI at /api/openapi.json, interactive docs at /api/docs."""

from ninja import NinjaAPI, Schema

from planwatch import __version__
from planwatch.apps.plans.models import Plan

api = NinjaAPI(title="planwatch API", version=__version__, description="妇女儿童发展规划监测评估系统接口")


class PlanOut(Schema):
    id: int
    title: str
    population: str
    region: str
    period_start: int
    period_end: int
    status: str
    indicator_count: int


@api.get("/plans", response=list[PlanOut], summary="规划列表")
def list_plans(request):
    plans = Plan.objects.select_related("region").order_by("region__code", "population")
    return [
        PlanOut(
            id=p.id,
            title=p.title,
            population=p.population,
            region=p.region.name,
            period_start=p.period_start,
            period_end=p.period_end,
            status=p.status,
            indicator_count=p.indicators.count(),
        )
        for p in plans
    ]


from .reporting import router as reporting_router  # noqa: E402  (the API object must exist first)

api.add_router("/reporting", reporting_router)
