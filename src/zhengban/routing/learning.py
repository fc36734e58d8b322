"""Folding confirmed examples into the per-unit token counts every process reads.

Callers hold the RoutingState row lock (taken first), so confirmations are applied one after
another and each gets the next version: a process that saw version v needs exactly the rows
whose version is above v.
"""

from django.db.models import F

from .knowledge import SENDER_TOKEN_PREFIX
from .models import RoutingState, TokenCount, UnitExampleCount


def learning_tokens(example):
    """The distinct tokens an example teaches: its words and, when known, its sender."""
    learned = set(example.tokens)
    if example.sender_id:
        learned.add(SENDER_TOKEN_PREFIX + example.sender.code)
    return learned


def add_examples(state, examples):
    """Count saved ConfirmedExample rows into the tables under one new version; returns it.

    `state` is the RoutingState row, already locked by the caller.
    """
    version = state.version + 1
    increments = {}  # (unit id, token) -> [count, last example id]
    per_unit = {}
    for example in examples:
        per_unit[example.unit_id] = per_unit.get(example.unit_id, 0) + 1
        for token in learning_tokens(example):
            entry = increments.setdefault((example.unit_id, token[:100]), [0, None])
            entry[0] += 1
            entry[1] = max(entry[1] or 0, example.pk)
    _apply_token_counts(increments, version)
    for unit_id, added in per_unit.items():
        updated = UnitExampleCount.objects.filter(unit_id=unit_id).update(examples=F("examples") + added, version=version)
        if not updated:
            UnitExampleCount.objects.create(unit_id=unit_id, examples=added, version=version)
    RoutingState.objects.filter(pk=state.pk).update(version=version)
    state.version = version
    return version


def _apply_token_counts(increments, version):
    unit_ids = {unit_id for unit_id, _token in increments}
    existing = {}
    for unit_id in unit_ids:
        tokens = [token for (owner, token) in increments if owner == unit_id]
        for start in range(0, len(tokens), 500):
            for row in TokenCount.objects.filter(unit_id=unit_id, token__in=tokens[start:start + 500]):
                existing[(row.unit_id, row.token)] = row
    changed, created = [], []
    for key, (added, last_example_id) in increments.items():
        row = existing.get(key)
        if row is None:
            created.append(TokenCount(unit_id=key[0], token=key[1], count=added, last_example_id=last_example_id, version=version))
        else:
            row.count += added
            row.last_example_id = max(row.last_example_id or 0, last_example_id)
            row.version = version
            changed.append(row)
    TokenCount.objects.bulk_update(changed, ["count", "last_example", "version"], batch_size=500)
    TokenCount.objects.bulk_create(created, batch_size=1000)


def note_profile_changed(**_kwargs):
    """A unit was saved or deleted: every process rebuilds its profile vocabulary on its next read."""
    state = RoutingState.current()
    RoutingState.objects.filter(pk=state.pk).update(profile_version=F("profile_version") + 1)
