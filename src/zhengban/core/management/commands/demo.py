"""`zhengban demo`: a ready office with sample people; every module adds its own demo data.

Each installed zhengban app may have a `demo` module with `load_demo(stdout)`; they run in
INSTALLED_APPS order (core first: the profile and the people), so a module plugs in without
changing this command. Every load_demo must be idempotent: a second run changes nothing.
"""

import importlib
import importlib.util
import time

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from zhengban.core.demo import DEMO_PASSWORD, demo_logins
from zhengban.engine import changes

DEMO_URL = "http://127.0.0.1:8000"


def demo_loaders():
    """The load_demo functions of the installed zhengban apps, in INSTALLED_APPS order."""
    loaders = []
    for config in apps.get_app_configs():
        if not config.name.startswith("zhengban."):
            continue
        module_name = f"{config.name}.demo"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        if hasattr(module, "load_demo"):
            loaders.append((config.label, module.load_demo))
    return loaders


class Command(BaseCommand):
    help = "Migrate, load the Hengyang profile, create the demo people and every module's demo data, print the logins."

    def handle(self, *args, **options):
        started = time.monotonic()
        self.stdout.write(_("Migrating the database …"))
        call_command("migrate", interactive=False, verbosity=0)
        for label, load_demo in demo_loaders():
            self.stdout.write(_("Demo data: %(app)s") % {"app": label})
            load_demo(self.stdout)
        delivered = changes.drain_all(batch=500)
        if delivered:
            self.stdout.write(_("Delivered %(n)d changes to notifications and search.") % {"n": delivered})
        self.print_logins()
        self.stdout.write(_("Ready in %(s).1f s.") % {"s": time.monotonic() - started})

    def print_logins(self):
        header = (_("Username"), _("Name"), _("Unit"), _("Roles"))
        rows = [header, *demo_logins()]
        widths = [max(_display_width(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("")
        for row in rows:
            cells = [_pad(row[i], widths[i]) for i in range(3)] + [row[3]]
            self.stdout.write("  ".join(cells).rstrip())
        self.stdout.write("")
        self.stdout.write(_("Password for every demo login: %(password)s") % {"password": DEMO_PASSWORD})
        self.stdout.write(_("Open %(url)s and log in (sample data: these are not real officials).") % {"url": DEMO_URL})


def _display_width(text):
    # Chinese characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))


def _pad(text, width):
    return str(text) + " " * (width - _display_width(text))
