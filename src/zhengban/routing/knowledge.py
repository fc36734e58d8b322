"""What a process knows for routing: the profile's vocabulary per unit plus the counts learned from
confirmed examples, kept in memory and refreshed from the database when the version row moves.

The counts feed a multinomial naive-Bayes score. Every token's contribution to every unit is a
plain number, so the strongest contributions are the reasons shown to the clerk.
"""

import math
import threading
from dataclasses import dataclass, field

from .models import RoutingState, TokenCount, UnitExampleCount
from . import segment
from .segment import tokens

# Pseudo-counts a profile term gives its unit, by where the term stands in the profile.
PROFILE_WEIGHTS = {"name": 3.0, "subject": 4.0, "word": 4.0, "responsibilities": 1.0}
# One confirmed example counts as much as this many profile mentions of its tokens.
LEARNED_WEIGHT = 1.5
SMOOTHING = 0.5
SENDER_TOKEN_PREFIX = "sender:"


@dataclass
class UnitInfo:
    id: int
    code: str
    name_zh: str
    name_en: str
    # (label_zh, label_en, tokens of both labels) per subject area
    areas: list = field(default_factory=list)


class Knowledge:
    def __init__(self, version, profile_version):
        self.version = version
        self.profile_version = profile_version
        self.units = {}  # unit id -> UnitInfo
        self.profile = {}  # token -> {unit id: pseudo-count}
        self.learned = {}  # token -> {unit id: (count, last example id)}
        self.mass = {}  # unit id -> total weighted count
        self.examples = {}  # unit id -> confirmed examples
        self.vocabulary_size = 1

    # building and refreshing ------------------------------------------------------------------

    def load_profile(self):
        from zhengban.core.models import Unit

        for unit in Unit.objects.order_by("sort_order", "code"):
            terms = [(unit.name_zh, "name"), (unit.name_en, "name")]
            areas = []
            for area in unit.subject_areas:
                terms += [(area.get("zh", ""), "subject"), (area.get("en", ""), "subject")]
                areas.append((area.get("zh", ""), area.get("en", ""), frozenset(tokens(f"{area.get('zh', '')} {area.get('en', '')}"))))
            terms += [(word, "word") for word in unit.routing_words_zh + unit.routing_words_en]
            terms += [(unit.responsibilities_zh, "responsibilities"), (unit.responsibilities_en, "responsibilities")]
            if not (unit.subject_areas or unit.routing_words_zh or unit.routing_words_en):
                continue  # the office or government as a whole: nothing is routed to it
            self.units[unit.id] = UnitInfo(unit.id, unit.code, unit.name_zh, unit.name_en, areas)
            for text, kind in terms:
                for token in tokens(text):
                    per_unit = self.profile.setdefault(token, {})
                    per_unit[unit.id] = per_unit.get(unit.id, 0.0) + PROFILE_WEIGHTS[kind]
        self._recount()

    def load_learned(self, since=0):
        rows = TokenCount.objects.filter(version__gt=since).values_list("unit_id", "token", "count", "last_example_id")
        for unit_id, token, count, last_example_id in rows.iterator(chunk_size=5000):
            self.learned.setdefault(token, {})[unit_id] = (count, last_example_id)
        for unit_id, examples in UnitExampleCount.objects.filter(version__gt=since).values_list("unit_id", "examples"):
            self.examples[unit_id] = examples
        self._recount()

    def _recount(self):
        self.mass = {unit_id: 0.0 for unit_id in self.units}
        for table, weight in ((self.profile, 1.0), (self.learned, LEARNED_WEIGHT)):
            for per_unit in table.values():
                for unit_id, value in per_unit.items():
                    if unit_id in self.mass:
                        self.mass[unit_id] += weight * (value[0] if isinstance(value, tuple) else value)
        self.vocabulary_size = max(1, len(self.profile.keys() | self.learned.keys()))

    # scoring ---------------------------------------------------------------------------------

    def weight(self, token, unit_id):
        learned = self.learned.get(token, {}).get(unit_id)
        return self.profile.get(token, {}).get(unit_id, 0.0) + (LEARNED_WEIGHT * learned[0] if learned else 0.0)

    def scores(self, text_tokens):
        """Log-score per unit and each known token's contribution to it.

        log P(u) + Σ log P(t|u) over the tokens any unit knows, rewritten as a per-unit constant
        times the number of known tokens plus, for the units that have seen t, log(1 + c/α): so
        only (token, unit) pairs with a count cost anything.
        """
        known = [token for token in text_tokens if token in self.profile or token in self.learned]
        total_examples = sum(self.examples.values())
        scores, contributions = {}, {}
        for unit_id in self.units:
            prior = math.log((self.examples.get(unit_id, 0) + 1.0) / (total_examples + len(self.units)))
            per_token = math.log(SMOOTHING / (self.mass[unit_id] + SMOOTHING * self.vocabulary_size))
            scores[unit_id] = prior + per_token * len(known)
            contributions[unit_id] = {}
        for token in known:
            unit_ids = self.profile.get(token, {}).keys() | self.learned.get(token, {}).keys()
            for unit_id in unit_ids:
                if unit_id not in scores:
                    continue
                gain = math.log1p(self.weight(token, unit_id) / SMOOTHING)
                scores[unit_id] += gain
                contributions[unit_id][token] = contributions[unit_id].get(token, 0.0) + gain
        return scores, contributions

    def last_example(self, token, unit_id):
        learned = self.learned.get(token, {}).get(unit_id)
        return learned[1] if learned else None


_lock = threading.Lock()
_knowledge = None


def current():
    """This process's knowledge, brought up to date with the database (one small read when nothing changed)."""
    global _knowledge
    versions = RoutingState.objects.filter(pk=1).values_list("version", "profile_version").first() or (0, 0)
    version, profile_version = versions
    knowledge = _knowledge
    if knowledge is not None and knowledge.version == version and knowledge.profile_version == profile_version:
        return knowledge
    with _lock:
        knowledge = _knowledge
        if knowledge is None or knowledge.profile_version != profile_version:
            if knowledge is not None:
                segment.add_words(segment.user_words())
            knowledge = Knowledge(version, profile_version)
            knowledge.load_profile()
            knowledge.load_learned()
        elif knowledge.version != version:
            since, knowledge.version = knowledge.version, version
            knowledge.load_learned(since)
        _knowledge = knowledge
    return knowledge


def forget():
    """Drop this process's knowledge (tests switch databases underneath it)."""
    global _knowledge
    with _lock:
        _knowledge = None
