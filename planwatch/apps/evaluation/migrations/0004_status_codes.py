"""The status columns widened for the domain's codes ("not_assessable" is 14 characters); 0005 converts the
values. Two migrations, so that on PostgreSQL the data update and the ALTER TABLE run in separate transactions."""

from django.db import migrations, models

CHOICES = [("met", "达标"), ("near", "接近"), ("not_met", "未达标"), ("no_data", "无数据"),
           ("not_assessable", "不可评估")]  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0003_incremental_reassessment"),
    ]

    operations = [
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
    ]
