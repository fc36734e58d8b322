"""Search over the matters a reader may see: the function behind /search/ and /api/search/.

How a query runs (the figures that chose this are in bench/SEARCH.md):
1. The query is segmented like the index; every token must match (AND).
2. The reader's permission becomes part of the full-text condition: clearance as an access
   key, and, for anyone but a leader, "one of my access keys" (_p<me>, _u<my unit>) as an
   OR inside the same full-text match, so hidden matters are never read, returned or counted.
3. Title-first: matters whose title (or number) holds every token, newest first; then, if the
   page is not full, matters matching elsewhere, newest first. Ranking by recency lets the
   database stop after a page of hits instead of scoring every hit of a common word, which is
   what made the peers' ts_rank_cd / bm25 slow. How each database finds the page: backends.py.
4. Hits are counted up to COUNT_CAP: the total shown ("1000+" above the cap).
"""

from dataclasses import dataclass, field

from django.db import connection

from zhengban.core.models import LEADER_ROLES

from .backends import backend
from .models import SearchEntry
from .segmentation import ensure_profile_dictionary, query_tokens
from .snippets import highlight, snippet

COUNT_CAP = 1000
MAX_LIMIT = 100
HIT_FIELDS = ("matter_id", "type", "number", "title", "text", "state", "opened_at")


@dataclass
class Filters:
    type: str = ""
    unit: int | None = None
    state: str = ""
    opened_from: object = None  # a timezone-aware datetime, inclusive
    opened_to: object = None  # exclusive


@dataclass
class Hit:
    matter_id: int
    type: str
    number: str
    title: str
    state: str
    opened_at: object
    title_match: bool
    title_html: str
    snippet_html: str


@dataclass
class Results:
    query: str
    tokens: list
    hits: list = field(default_factory=list)
    total: int = 0
    total_capped: bool = False


@dataclass
class Reader:
    """Who is searching, as the index sees them."""

    clearance: int
    keys: list | None  # None: a leader, who sees everything within clearance

    @classmethod
    def of(cls, person):
        if person is None or not person.is_authenticated or not person.is_active:
            return None
        if person.role_codes() & LEADER_ROLES:
            return cls(person.clearance, None)
        keys = [f"_p{person.pk}"] + ([f"_u{person.unit_id}"] if person.unit_id else [])
        return cls(person.clearance, keys)


def search(person, query, filters=None, limit=20):
    """The reader's matters matching `query`: title matches first, then body matches, newest first."""
    ensure_profile_dictionary()
    tokens = query_tokens(query or "")
    results = Results(query=query or "", tokens=tokens)
    reader = Reader.of(person)
    if not tokens or reader is None:
        return results
    limit = max(1, min(int(limit), MAX_LIMIT))
    page = backend(connection).page(tokens, reader, filters or Filters(), limit, COUNT_CAP + 1)
    entries = SearchEntry.objects.only(*HIT_FIELDS).in_bulk(page.ids)
    results.total = min(page.total, COUNT_CAP)
    results.total_capped = page.total > COUNT_CAP
    for matter_id in page.ids:
        entry = entries[matter_id]
        results.hits.append(
            Hit(
                matter_id=matter_id,
                type=entry.type,
                number=entry.number,
                title=entry.title,
                state=entry.state,
                opened_at=entry.opened_at,
                title_match=matter_id in page.title_ids,
                title_html=highlight(entry.title, tokens),
                snippet_html=snippet(entry.text, tokens),
            )
        )
    return results
