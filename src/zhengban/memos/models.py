from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengban.engine.models import Matter


class Memo(models.Model):
    """An inter-unit liaison memo (工作联系单): one unit asks others for something by a date."""

    matter = models.OneToOneField(Matter, on_delete=models.CASCADE, primary_key=True, related_name="memo")
    requested_by = models.DateField(_("requested by"), null=True, blank=True)
    result = models.TextField(_("handling result"), blank=True)
    reply = models.TextField(_("reply"), blank=True)

    class Meta:
        verbose_name = _("liaison memo")
        verbose_name_plural = _("liaison memos")
