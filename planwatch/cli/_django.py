"""Start Django for the CLI commands that need the database (parsing and batch assessment do not)."""

import os


def setup_django(migrate: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.site.settings")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
