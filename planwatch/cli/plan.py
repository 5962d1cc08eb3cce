"""``planwatch plan …``: parse plan documents, import them, check alignment between levels."""

import click


@click.group()
def plan() -> None:
    """规划文本解析、导入与衔接检查 (plan documents)."""


def register(cli: click.Group) -> None:
    cli.add_command(plan)
