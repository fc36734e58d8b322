from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "zhengban.documents"
    label = "documents"
    verbose_name = _("Official documents")

    def ready(self):
        from . import flows  # noqa: F401  (registers the incoming and outgoing flows)
