"""Statuses are stored as the domain's codes ("met"), not the Chinese labels ("达标"): results and run summaries."""

from django.db import migrations

# frozen here: a migration must not change when the domain vocabulary does
CODE_OF = {"达标": "met", "接近": "near", "未达标": "not_met", "无数据": "no_data", "不可评估": "not_assessable",
           "无效": "invalid"}  # fmt: skip
LABEL_OF = {code: label for label, code in CODE_OF.items()}


def _convert(apps, mapping: dict[str, str]) -> None:
    Result = apps.get_model("evaluation", "AssessmentResult")
    Run = apps.get_model("evaluation", "AssessmentRun")
    for old, new in mapping.items():
        Result.objects.filter(status=old).update(status=new)
        Result.objects.filter(milestone_status=old).update(milestone_status=new)
    for run in Run.objects.exclude(summary={}).only("pk", "summary"):
        summary = {mapping.get(k, k): v for k, v in (run.summary or {}).items()}
        if summary != run.summary:
            Run.objects.filter(pk=run.pk).update(summary=summary)


def labels_to_codes(apps, schema_editor) -> None:
    _convert(apps, CODE_OF)


def codes_to_labels(apps, schema_editor) -> None:
    _convert(apps, LABEL_OF)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0004_status_codes"),
    ]

    operations = [
        migrations.RunPython(labels_to_codes, codes_to_labels),
    ]
