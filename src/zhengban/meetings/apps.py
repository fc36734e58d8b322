from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "zhengban.meetings"
    label = "meetings"
    verbose_name = _("Government meetings")

    def ready(self):
        from . import flows  # noqa: F401  (registers the topic and meeting flows)
