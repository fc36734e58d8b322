"""Rate limits of the public endpoints, counted in the database so every app server agrees."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError

from .models import RateHit

WINDOW = datetime.timedelta(hours=1)


class RateLimited(ActionError):
    status = 429
    code = "rate_limited"


def client_ip(request):
    """The client address; behind a proxy the deployment sets REMOTE_ADDR from X-Forwarded-For."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def spend(keys, per_hour):
    """Count one use for each key, or refuse (nothing counted) when any key used up its hour."""
    now = timezone.now()
    since = now - WINDOW
    keys = [k for k in dict.fromkeys(keys) if k]
    with transaction.atomic():
        for key in keys:
            if RateHit.objects.filter(key=key, at__gte=since).count() >= per_hour:
                raise RateLimited(_("Too many requests from you in the last hour; please try again later."))
        RateHit.objects.filter(key__in=keys, at__lt=since).delete()
        RateHit.objects.bulk_create([RateHit(key=key, at=now) for key in keys])
