"""The search index: one row per matter, rebuilt from the matter by index.py after every action.

The row carries what the query filters on (classification, type, state, opening time, and the
access keys: `_p<person>` for the creator, watchers and task holders, `_u<unit>` for the creating,
lead, co- and task units, `_o<unit>` for the lead and co-units the unit filter uses), so the
permission filter is part of the full-text query itself. The full-text index over title_tokens,
body_tokens and keys is made by the migration for each database: a generated tsvector column with
a GIN index on PostgreSQL, an external-content FTS5 table kept by triggers on SQLite."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengban.engine.models import Matter


class SearchEntry(models.Model):
    # No database constraint: the benchmark bulk-loads entries without matters; deleting a matter
    # still deletes its entry through the ORM cascade.
    matter = models.OneToOneField(
        Matter, on_delete=models.CASCADE, primary_key=True, db_constraint=False, related_name="search_entry"
    )
    type = models.CharField(_("type"), max_length=40)
    number = models.CharField(_("number"), max_length=80, blank=True)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True, help_text=_("Body, parties, instructions and replies, as written."))
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    keys = models.TextField(blank=True)
    classification = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(_("state"), max_length=40)
    lead_unit_id = models.IntegerField(null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"))
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [models.Index(fields=["opened_at"], name="search_entry_opened")]

    def __str__(self):
        return self.title
