"""Statuses are stored as the domain's codes ("met"), not the Chinese labels ("达标"): results and run summaries."""

from django.db import migrations, models

# frozen here: a migration must not change when the domain vocabulary does
CODE_OF = {"达标": "met", "接近": "near", "未达标": "not_met", "无数据": "no_data", "不可评估": "not_assessable",
           "无效": "invalid"}  # fmt: skip
LABEL_OF = {code: label for label, code in CODE_OF.items()}
CHOICES = [("met", "达标"), ("near", "接近"), ("not_met", "未达标"), ("no_data", "无数据"),
           ("not_assessable", "不可评估")]  # fmt: skip


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
        ("evaluation", "0003_incremental_reassessment"),
    ]

    operations = [
        # widened first ("not_assessable" is 14 characters), narrowed back last when reversed
        migrations.AlterField(
            model_name="assessmentresult",
            name="milestone_status",
            field=models.CharField(blank=True, choices=CHOICES, max_length=16, verbose_name="阶段目标状态",
                                   help_text="本年（或最近已过的）阶段目标的评估状态；无阶段目标为空"),  # fmt: skip
        ),
        migrations.AlterField(
            model_name="assessmentresult",
            name="status",
            field=models.CharField(choices=CHOICES, max_length=16, verbose_name="状态"),
        ),
        migrations.RunPython(labels_to_codes, codes_to_labels),
    ]
