"""``manage.py seed_demo``: load the demo network and the demo users (idempotent), then the demo data
of every other installed app that has some.

Convention for later apps: a module ``<app>/demo.py`` with a function ``seed_<app label>()`` (for
example ``deals.demo.seed_deals``), idempotent, run after the core's demo data. The core never imports
those apps itself; it finds them here, in installation order.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import module_has_submodule

from reisgids import demo


def app_demo_loaders():
    """(label, function) for each installed app, other than the core, that has demo data."""
    loaders = []
    for app_config in apps.get_app_configs():
        if app_config.label == "reisgids" or not module_has_submodule(app_config.module, "demo"):
            continue
        module = import_module(f"{app_config.name}.demo")
        function = getattr(module, f"seed_{app_config.label}", None)
        if callable(function):
            loaders.append((app_config.label, function))
    return loaders


class Command(BaseCommand):
    help = "Load the demo Rotterdam network and one demo user per role. Safe to run again: no duplicates."

    def handle(self, *args, **options):
        stats = demo.load()
        self.stdout.write(f"Demo data: {stats}.")
        for label, function in app_demo_loaders():
            function()
            self.stdout.write(f"Demo data of {label}: loaded.")
        if options["verbosity"] >= 1:
            self.stdout.write(f"Demo users (password {demo.DEMO_PASSWORD}):")
            for user in demo.USERS:
                line = f"  {user.role:<17} {user.email}"
                if user.totp_secret:
                    line += f"  TOTP secret {user.totp_secret}"
                self.stdout.write(line)
