"""The statutory cap on the reply limit: a suggestion or proposal is answered within 3 months of
assignment, 6 at most. A deployment may lengthen the limit up to the cap, never beyond it, whichever
way the parameter is written (the engine's parameter actions, the admin, a fixture)."""

from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError
from zhengban.engine.models import FlowParameter

FLOW_TYPE = "suggestion"
REPLY_LIMIT_KEY = "reply_within"
MAX_REPLY_MONTHS = 6


def check_reply_limit(value):
    """Refuse a reply limit not counted in months or longer than six of them."""
    amount, unit = (list(value) + [None, None])[:2] if isinstance(value, (list, tuple)) else (None, None)
    if unit != "months" or not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= MAX_REPLY_MONTHS:
        raise ActionError(
            _("The reply limit is counted in months and may be at most %(n)d months.") % {"n": MAX_REPLY_MONTHS},
            fields={"value": _("At most %(n)d months.") % {"n": MAX_REPLY_MONTHS}},
            code="reply_limit_cap",
        )


@receiver(pre_save, sender=FlowParameter, dispatch_uid="suggestions-reply-limit-cap")
def refuse_reply_limit_above_cap(sender, instance, **kwargs):
    if instance.flow == FLOW_TYPE and instance.key == REPLY_LIMIT_KEY:
        check_reply_limit(instance.value)
