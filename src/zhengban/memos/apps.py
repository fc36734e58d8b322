from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MemosConfig(AppConfig):
    name = "zhengban.memos"
    label = "memos"
    verbose_name = _("Liaison memos")

    def ready(self):
        from . import flows  # noqa: F401  (registers the flow)
