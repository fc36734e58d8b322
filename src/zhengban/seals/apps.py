from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SealsConfig(AppConfig):
    name = "zhengban.seals"
    label = "seals"
    verbose_name = _("Seals")

    def ready(self):
        from . import flows  # noqa: F401  (registers the seal-request and seal-engraving flows)
