"""``planwatch bench …``: the project's benchmarks. Each benchmark module adds a subcommand to ``bench``."""

import click


@click.group()
def bench() -> None:
    """性能基准 (benchmarks): parse, assess, import, match, report, web, export, load, backup."""


def register(cli: click.Group) -> None:
    cli.add_command(bench)
