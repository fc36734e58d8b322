"""Deployment parameters of flows: declared defaults, overridden by rows administrators edit."""

import time

from django.db.models.signals import post_delete, post_save

from .models import FlowParameter

# Other processes see an administrator's change within this many seconds; this one at once.
CACHE_SECONDS = 30
_cache = {"loaded_at": 0.0, "values": {}}


def _values():
    now = time.monotonic()
    if now - _cache["loaded_at"] > CACHE_SECONDS:
        _cache["values"] = {(p.flow, p.key): p.value for p in FlowParameter.objects.all()}
        _cache["loaded_at"] = now
    return _cache["values"]


def clear_cache(**_kwargs):
    _cache["loaded_at"] = 0.0


post_save.connect(clear_cache, sender=FlowParameter)
post_delete.connect(clear_cache, sender=FlowParameter)


def flow_parameter(flow, key):
    try:
        default = flow.parameters[key]
    except KeyError:
        raise KeyError(f"flow {flow.type!r} declares no parameter {key!r}") from None
    return _values().get((flow.type, key), default)
