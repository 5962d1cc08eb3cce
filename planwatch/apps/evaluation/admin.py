"""Read-only admin views of stored assessments (results come from the engine, never from hand edits)."""

from django.contrib import admin

from .models import AssessmentResult, AssessmentRun


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AssessmentRun)
class AssessmentRunAdmin(ReadOnly):
    list_display = ["id", "created_at", "plan", "region", "year", "rows", "summary"]
    list_filter = ["year", "plan"]


@admin.register(AssessmentResult)
class AssessmentResultAdmin(ReadOnly):
    list_display = [
        "indicator",
        "region",
        "year",
        "sex",
        "area_type",
        "value",
        "status",
        "milestone_status",
        "progress",
        "warnings",
    ]
    list_filter = ["status", "milestone_status", "year", "sex", "run"]
    search_fields = ["indicator__name", "region__name", "region__code", "explanation"]
    list_select_related = ["indicator", "region"]
