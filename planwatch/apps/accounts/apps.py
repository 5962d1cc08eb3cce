from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "planwatch.apps.accounts"
    label = "accounts"
    verbose_name = "用户与角色"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .security import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="planwatch-idle-clock")
