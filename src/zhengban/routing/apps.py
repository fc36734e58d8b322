from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "zhengban.routing"
    label = "routing"
    verbose_name = _("Routing")

    def ready(self):
        from zhengban.core.models import Unit

        from .learning import note_profile_changed

        post_save.connect(note_profile_changed, sender=Unit, dispatch_uid="routing-unit-saved")
        post_delete.connect(note_profile_changed, sender=Unit, dispatch_uid="routing-unit-deleted")
