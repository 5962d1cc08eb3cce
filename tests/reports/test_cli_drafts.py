"""`planwatch report evaluation` from the database takes the evaluation group's drafts saved in the web
interface; a text file given for a section replaces that section's draft."""

import docx
from click.testing import CliRunner

from planwatch.apps.reports import services
from planwatch.cli import cli

from .conftest import observe


def test_database_evaluation_report_uses_the_saved_drafts(data, tmp_path):
    observe(data.mmr, data.county, 2025, 13.0)
    services.save_drafts(data.users["evaluator"], data.plan, data.county, 2025,
                         {"problems": "网页草稿中的突出问题。", "experience": "网页草稿中的经验。"})  # fmt: skip
    own = tmp_path / "problems.txt"
    own.write_text("命令行文件中的问题。", encoding="gbk")
    out = tmp_path / "eval.docx"
    args = ["report", "evaluation", "--plan-id", data.plan.pk, "--region", data.county.code, "--year", 2025]
    result = CliRunner().invoke(cli, [*map(str, args), "--problems", str(own), "-o", str(out)])
    assert result.exit_code == 0, result.output
    words = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "命令行文件中的问题。" in words and "网页草稿中的突出问题。" not in words
    assert "网页草稿中的经验。" in words
