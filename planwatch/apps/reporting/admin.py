"""Back-office views of reporting data. Observations and their history are read-only here: every change
must go through the workflow so that it leaves a trace."""

from django.contrib import admin

from .models import Assignment, ImplementationReport, Observation, ObservationHistory, Round, Task, TaskEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = (
        "indicator",
        "region",
        "year",
        "sex",
        "age_group",
        "area_type",
        "value",
        "status",
        "source",
    )
    list_filter = ("status", "year", "source")
    search_fields = ("indicator__name", "region__name")


@admin.register(ObservationHistory)
class ObservationHistoryAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "indicator", "region", "year", "cell", "field", "old", "new", "source")
    list_filter = ("source", "field")
    search_fields = ("indicator__name",)


@admin.register(TaskEvent)
class TaskEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "task", "kind", "user", "comment")
    list_filter = ("kind",)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("indicator", "lead", "by_sex", "by_area", "age_groups", "with_fraction", "data_source")
    list_filter = ("lead",)
    search_fields = ("indicator__name",)
    filter_horizontal = ("partners",)


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("plan", "region", "year", "deadline", "opened_by", "closed")
    list_filter = ("year",)


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("round", "department", "region", "status", "submitted_at", "reviewed_at")
    list_filter = ("status",)


@admin.register(ImplementationReport)
class ImplementationReportAdmin(ReadOnlyAdmin):
    list_display = ("task", "title", "original_name", "uploaded_by", "uploaded_at")
