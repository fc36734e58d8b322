"""What a process knows for routing: the profile's vocabulary per unit plus the counts learned from
confirmed examples, kept in memory and refreshed from the database when the version row moves.

The counts feed a language-model classifier (see scores()). Every token's contribution to every unit is a
plain number, so the strongest contributions are the reasons shown to the clerk.
"""

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db import connection

from .models import RoutingState, TokenCount, UnitExampleCount
from . import segment
from .segment import tokens

# Pseudo-counts a profile term gives its unit, by where the term stands in the profile.
PROFILE_WEIGHTS = {"name": 3.0, "subject": 4.0, "word": 4.0, "responsibilities": 1.0}
# Learned evidence is added to the profile's, never mixed into it: the profile is the division of
# labour itself, and however many examples are confirmed it keeps its full weight. A unit's learned
# word distribution weighs at most LEARNED_WEIGHT times its profile's, reaching half of that after
# LEARNING_HALF confirmed examples. Both distributions are normalised per unit, so a flood of
# examples (or of noise in them) raises no unit above that bound and spreads thin over its words.
LEARNED_WEIGHT = 0.5
LEARNING_HALF = 8.0
# A learned word counts by how often it was confirmed for the unit, c / (c + CONFIDENCE_HALF): a word
# seen in one example (a place, a name) is more likely chance than the unit's subject.
CONFIDENCE_HALF = 1.0
# How much of a unit's word distribution is the background: the larger, the more a word must be
# typical of a unit (compared with all units) to count for it.
BACKGROUND_SHARE = 1.0
# A floor under the background probability, so that a word seen once in a large unit (a rare
# typo, a name) does not weigh as much as the profile's own words.
BACKGROUND_FLOOR = 2e-4
SENDER_TOKEN_PREFIX = "sender:"
# How many confirmed examples' titles a process keeps for the "similar confirmed case" reason.
EXAMPLE_TITLES = 20_000


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
        self.examples = {}  # unit id -> confirmed examples
        self.profile_mass, self.learned_mass, self.learned_weight = {}, {}, {}
        self._gains = {}  # token -> [(unit id, gain)], filled as tokens are met
        self._titles = OrderedDict()  # confirmed example id -> title, the most recently used last

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
            self.profile_mass[unit.id] = 0.0
            self.units[unit.id] = UnitInfo(unit.id, unit.code, unit.name_zh, unit.name_en, areas)
            for text, kind in terms:
                for token in tokens(text):
                    per_unit = self.profile.setdefault(token, {})
                    per_unit[unit.id] = per_unit.get(unit.id, 0.0) + PROFILE_WEIGHTS[kind]
                    self.profile_mass[unit.id] = self.profile_mass.get(unit.id, 0.0) + PROFILE_WEIGHTS[kind]
            self.learned_mass[unit.id] = 0.0

    def load_learned(self, since=0):
        """Read the counts changed after version `since`; the masses move by the differences only,
        so a refresh after one confirmation costs the rows it touched, not the whole table."""
        rows = TokenCount.objects.filter(version__gt=since).values_list("unit_id", "token", "count", "last_example_id")
        for unit_id, token, count, last_example_id in rows.iterator(chunk_size=5000):
            per_unit = self.learned.setdefault(token, {})
            previous = per_unit.get(unit_id, (0, None))[0]
            per_unit[unit_id] = (count, last_example_id)
            if unit_id in self.learned_mass:
                self.learned_mass[unit_id] += count - previous
        for unit_id, examples in UnitExampleCount.objects.filter(version__gt=since).values_list("unit_id", "examples"):
            self.examples[unit_id] = examples
        self.learned_weight = {
            unit_id: LEARNED_WEIGHT * self.examples.get(unit_id, 0) / (self.examples.get(unit_id, 0) + LEARNING_HALF)
            for unit_id in self.units
        }
        self._gains = {}

    # scoring ---------------------------------------------------------------------------------

    def probability(self, token, unit_id):
        """How typical a token is of a unit: its profile probability plus the learned one, the
        learned one weighed by how much the unit has learned and how often the token was confirmed."""
        probability = 0.0
        pseudo = self.profile.get(token, {}).get(unit_id)
        if pseudo and self.profile_mass[unit_id]:
            probability += pseudo / self.profile_mass[unit_id]
        learned = self.learned.get(token, {}).get(unit_id)
        if learned and learned[0] > 0 and self.learned_mass[unit_id]:
            count = learned[0]
            confidence = count / (count + CONFIDENCE_HALF)
            probability += self.learned_weight[unit_id] * confidence * count / self.learned_mass[unit_id]
        return probability

    def scores(self, text_tokens):
        """Score per unit and each token's contribution to it.

        A language-model classifier: each unit's word distribution is smoothed with the
        background (the mean over units), and a token adds log(1 + P(t|u) / (s · P_bg(t))) to
        unit u — nothing to units that never saw it, most to units it is typical of.
        """
        scores = {unit_id: 0.0 for unit_id in self.units}
        contributions = {unit_id: {} for unit_id in self.units}
        for token in text_tokens:
            for unit_id, gain in self.gains(token):
                scores[unit_id] += gain
                contributions[unit_id][token] = contributions[unit_id].get(token, 0.0) + gain
        return scores, contributions

    def gains(self, token):
        """[(unit id, gain)] for a token, computed once per token until the counts change."""
        gains = self._gains.get(token)
        if gains is None:
            unit_ids = (self.profile.get(token, {}).keys() | self.learned.get(token, {}).keys()) & self.units.keys()
            probabilities = {unit_id: self.probability(token, unit_id) for unit_id in unit_ids}
            background = sum(probabilities.values()) / (len(self.units) or 1) + BACKGROUND_FLOOR
            gains = [
                (unit_id, math.log1p(probability / (BACKGROUND_SHARE * background)))
                for unit_id, probability in sorted(probabilities.items())
                if probability > 0.0
            ]
            self._gains[token] = gains
        return gains

    def example_titles(self, example_ids):
        """{id: title} of confirmed examples: titles never change, so they are read once and kept
        (the EXAMPLE_TITLES most recently shown), not queried on every recommendation."""
        from .models import ConfirmedExample

        missing = [example_id for example_id in example_ids if example_id not in self._titles]
        if missing:
            self._titles.update(ConfirmedExample.objects.filter(pk__in=missing).values_list("pk", "title"))
        titles = {}
        for example_id in example_ids:
            if example_id in self._titles:
                self._titles.move_to_end(example_id)
                titles[example_id] = self._titles[example_id]
        while len(self._titles) > EXAMPLE_TITLES:
            self._titles.popitem(last=False)
        return titles

    def last_example(self, token, unit_id):
        learned = self.learned.get(token, {}).get(unit_id)
        return learned[1] if learned else None


_lock = threading.Lock()
_knowledge = None


def current():
    """This process's knowledge, brought up to date with the database (one small read when nothing changed)."""
    global _knowledge
    version, profile_version = _versions()
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


def _versions():
    """(version, profile_version) in one plain statement: the ORM's query building would cost more
    than the read itself, and this runs on every recommendation."""
    table = connection.ops.quote_name(RoutingState._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version, profile_version FROM {table} WHERE id = %s", [1])
        row = cursor.fetchone()
    return tuple(row) if row else (0, 0)


def forget():
    """Drop this process's knowledge (tests switch databases underneath it)."""
    global _knowledge
    with _lock:
        _knowledge = None
