"""The ``planwatch`` command line: one entry point for everything a batch user does.

Each module in this package adds its own commands through a ``register(cli)`` function, so that the
command groups (plan, assess, data, dictionary, bench, …) live next to each other without one file knowing
them all.
"""

import importlib
import pkgutil
import sys

import click

from planwatch import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="planwatch")
def cli() -> None:
    """planwatch — 妇女儿童发展规划监测评估系统 (monitoring and evaluation of development plans)."""


def _load_commands() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(cli)


_load_commands()


def main() -> None:
    try:
        cli.main(prog_name="planwatch")
    except KeyboardInterrupt:
        click.echo("已中断。", err=True)
        sys.exit(130)
