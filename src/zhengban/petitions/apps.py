from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "zhengban.petitions"
    label = "petitions"
    verbose_name = _("Letters and visits")

    def ready(self):
        from . import flows  # noqa: F401  (registers the flow)
