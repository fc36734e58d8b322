from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "zhengban.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from . import flows  # noqa: F401  (registers the flow)
