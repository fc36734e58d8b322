from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "zhengban.archive"
    label = "archive"
    verbose_name = _("Archive")

    def ready(self):
        from . import flows, guards  # noqa: F401  (flows registers the disposition flow)

        guards.connect()
