from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def calendar_changed(sender, **kwargs):
    from .models import CalendarRevision

    CalendarRevision.bump()


class DeadlinesConfig(AppConfig):
    name = "zhengban.deadlines"
    label = "deadlines"
    verbose_name = _("Working-day calendar and deadlines")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import CalendarOverride, CalendarYear

        # Every write path (actions, the admin, a shell) makes all processes reload the calendar.
        for model in (CalendarOverride, CalendarYear):
            post_save.connect(calendar_changed, sender=model, dispatch_uid=f"calendar-saved-{model.__name__}")
            post_delete.connect(calendar_changed, sender=model, dispatch_uid=f"calendar-deleted-{model.__name__}")
