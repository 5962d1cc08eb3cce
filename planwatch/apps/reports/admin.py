from django.contrib import admin

from .models import EvaluationDraft, Publication, ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "plan", "region", "year", "format", "state", "progress", "requested_by",
                    "created_at")  # fmt: skip
    list_filter = ("state", "kind", "format")
    readonly_fields = ("detail",)


@admin.register(EvaluationDraft)
class EvaluationDraftAdmin(admin.ModelAdmin):
    list_display = ("plan", "region", "year", "section", "saved_by", "saved_at")
    list_filter = ("section", "year")


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "plan",
        "region",
        "year",
        "format",
        "published_by",
        "published_at",
        "withdrawn_at",
    )
    list_filter = ("kind", "year")
