from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from planwatch.apps.plans.models import Plan


@login_required
def home(request):
    plans = Plan.objects.select_related("region").annotate(n_indicators=Count("indicators")).order_by(
        "region__code", "population"
    )
    return render(request, "web/home.html", {"plans": plans})


@login_required
def plan_detail(request, plan_id: int):
    plan = get_object_or_404(Plan.objects.select_related("region"), pk=plan_id)
    areas = plan.areas.prefetch_related("goals", "indicators").all()
    return render(request, "web/plan_detail.html", {"plan": plan, "areas": areas})
