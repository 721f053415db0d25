from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "reisgids.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from reisgids.accounts import exports  # noqa: F401 - the kernel's sections of "download my data"
        from reisgids.accounts.signals import connect_signals

        connect_signals()
