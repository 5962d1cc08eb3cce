"""Start Django for the CLI commands that need the database (parsing and batch assessment do not)."""

import os


def setup_django(migrate: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.site.settings")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def region_or_exit(code: str | None):
    """The registered region with this 行政区划代码 (None when no code was given); a clear error otherwise."""
    if not code:
        return None
    import click

    from planwatch.apps.regions.gazetteer import ensure_regions
    from planwatch.apps.regions.models import Region

    ensure_regions()
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise click.ClickException(f"行政区划代码 {code} 不存在；请先用 planwatch regions load 登记")
    return region
