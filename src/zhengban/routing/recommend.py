"""recommend(): the lead unit and possible co-units for a text, each with the reasons that decided it."""

import math
from collections import Counter
from dataclasses import asdict, dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import knowledge as knowledge_module
from .segment import HAS_CJK, surface_tokens

# A known sender's usual handling unit is lifted by a fixed amount plus a share of the text's
# strongest evidence: a generic text ("please schedule a meeting") follows the sender, while a text
# that clearly belongs elsewhere (a bureau asking for passports) still goes there.
SENDER_BONUS = 5.0
SENDER_SHARE = 0.6
# Scores are a softmax of the units' log-scores at this temperature (a strong word adds 2 to 4).
TEMPERATURE = 4.0
# A unit other than the lead is proposed as a co-unit when its log-score reaches this share of the
# lead's and is itself substantial (about two strong words).
CO_UNIT_SHARE = 0.5
CO_UNIT_MINIMUM = 6.0
REASON_WORDS = 5
REASON_SUBJECTS = 3


@dataclass
class UnitRecommendation:
    unit: str
    name: str
    score: float
    reasons: list = field(default_factory=list)


@dataclass
class Recommendation:
    units: list  # UnitRecommendation, best first
    co_units: list  # codes of units with a substantial second score
    language: str  # "zh" or "en": the language the text is mostly in

    @property
    def lead(self):
        return self.units[0] if self.units else None

    def as_dict(self):
        return {"units": [asdict(unit) for unit in self.units], "co_units": self.co_units, "language": self.language}


def _organization(sender):
    from zhengban.documents.models import Organization

    if sender is None or sender == "":
        return None
    if isinstance(sender, Organization):
        return sender
    return Organization.objects.filter(code=sender).select_related("handling_unit").first()


def _ui_is_english():
    return (get_language() or "").startswith("en")


def recommend(text, *, title="", sender=None, top=3):
    """Rank the units for a matter (title, body, sender organization or its code), with reasons.

    Returns a Recommendation whose `units` hold at most `top` units, best first, each with a
    score between 0 and 1 (the scores of all units sum to 1) and its reasons: subject areas,
    words (with their weight), the sender, and the most similar confirmed case.
    """
    knowledge = knowledge_module.current()
    organization = _organization(sender)
    title_pairs, body_pairs = surface_tokens(title), surface_tokens(text)
    pairs = title_pairs + body_pairs
    # The title counts twice: it says what the matter is.
    text_tokens = [token for token, _surface in title_pairs] * 2 + [token for token, _surface in body_pairs]
    if organization is not None:
        text_tokens.append(knowledge_module.SENDER_TOKEN_PREFIX + organization.code)
    surface = dict(reversed(pairs))
    scores, contributions = knowledge.scores(text_tokens)
    sender_unit = organization.handling_unit_id if organization is not None else None
    sender_bonus = SENDER_BONUS + SENDER_SHARE * max(scores.values(), default=0.0)
    if sender_unit in scores:
        scores[sender_unit] += sender_bonus
    language = "zh" if len(HAS_CJK.findall(f"{title}{text}")) * 3 >= len(f"{title}{text}".strip()) else "en"
    if not scores:
        return Recommendation([], [], language)

    best = max(scores.values())
    flattened = {unit_id: math.exp((score - best) / TEMPERATURE) for unit_id, score in scores.items()}
    total = sum(flattened.values())
    ranked = sorted(scores, key=lambda unit_id: (-scores[unit_id], knowledge.units[unit_id].code))[:top]
    units = [
        UnitRecommendation(
            unit=knowledge.units[unit_id].code,
            name=knowledge.units[unit_id].name_en if _ui_is_english() else knowledge.units[unit_id].name_zh,
            score=round(flattened[unit_id] / total, 3),
            reasons=_reasons(knowledge, unit_id, contributions[unit_id], surface, organization, sender_unit, sender_bonus),
        )
        for unit_id in ranked
    ]
    _add_example_reasons(knowledge, ranked, contributions, units)
    lead_score = scores[ranked[0]]
    co_units = [
        knowledge.units[unit_id].code for unit_id in ranked[1:]
        if scores[unit_id] >= max(CO_UNIT_SHARE * lead_score, CO_UNIT_MINIMUM)
    ]
    return Recommendation(units, co_units, language)


def _reasons(knowledge, unit_id, contributions, surface, organization, sender_unit, sender_bonus):
    english = _ui_is_english()
    reasons = []
    if organization is not None:
        learned_from_sender = contributions.get(knowledge_module.SENDER_TOKEN_PREFIX + organization.code, 0.0)
        if sender_unit == unit_id or learned_from_sender > 0:
            reasons.append({"kind": "sender", "text": organization.name, "weight": round(
                learned_from_sender + (sender_bonus if sender_unit == unit_id else 0.0), 2)})
    word_contributions = {
        token: weight for token, weight in contributions.items()
        if not token.startswith(knowledge_module.SENDER_TOKEN_PREFIX)
    }
    matched = set(word_contributions)
    area_strength = []
    for label_zh, label_en, area_tokens in knowledge.units[unit_id].areas:
        strength = sum(word_contributions.get(token, 0.0) for token in area_tokens & matched)
        if strength > 0:
            area_strength.append((strength, label_en if english else label_zh))
    for strength, label in sorted(area_strength, reverse=True)[:REASON_SUBJECTS]:
        reasons.append({"kind": "subject", "text": label, "weight": round(strength, 2)})
    strongest = sorted(word_contributions.items(), key=lambda item: (-item[1], item[0]))[:REASON_WORDS]
    for token, weight in strongest:
        reasons.append({"kind": "word", "text": surface.get(token, token), "weight": round(weight, 2)})
    return reasons


def _add_example_reasons(knowledge, ranked, contributions, units):
    """Name, per unit, the confirmed case that shares most of the text's strongest learned words."""
    chosen = {}
    for unit_id in ranked:
        votes = Counter()
        for token, weight in sorted(contributions[unit_id].items(), key=lambda item: -item[1])[:10]:
            example_id = knowledge.last_example(token, unit_id)
            if example_id:
                votes[example_id] += weight
        if votes:
            chosen[unit_id] = votes.most_common(1)[0][0]
    if not chosen:
        return
    titles = knowledge.example_titles(sorted(set(chosen.values())))
    for unit_id, unit in zip(ranked, units):
        title = titles.get(chosen.get(unit_id))
        if title:
            unit.reasons.append({"kind": "example", "text": _("similar confirmed case: %(title)s") % {"title": title}})
