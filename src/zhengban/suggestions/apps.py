from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "zhengban.suggestions"
    label = "suggestions"
    verbose_name = _("Deputies' suggestions and CPPCC proposals")

    def ready(self):
        from . import flows  # noqa: F401  (registers the flow)
        from . import limits  # noqa: F401  (refuses a reply limit above the statutory cap)
