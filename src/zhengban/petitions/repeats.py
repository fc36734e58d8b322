"""Repeat petitions: the same person (phone or ID number) on the same matter (similar text)."""

import re

from django.db.models import Q

from zhengban.engine.parameters import flow_parameter

from .models import Petition, Petitioner

WORD = re.compile(r"[\w\u4e00-\u9fff]")
_jieba = None


def words(text):
    """The text's words (jieba), without punctuation and single characters that carry little."""
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(60)
        _jieba = jieba
    return {w.lower() for w in _jieba.lcut(text or "") if WORD.search(w) and (len(w) > 1 or w.isdigit())}


def similarity(a, b):
    first, second = words(a), words(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def earlier_petitions(petitioners, text, flow):
    """Earlier petitions of any of these people whose text is similar enough, most similar first."""
    phones = {p.get("phone", "").strip() for p in petitioners} - {""}
    ids = {p.get("id_number", "").strip().upper() for p in petitioners} - {""}
    if not phones and not ids:
        return []
    same_person = Q(phone__in=phones) | Q(id_number__in=ids)
    petition_ids = Petitioner.objects.filter(same_person).values("petition_id")
    threshold = float(flow_parameter(flow, "repeat_similarity"))
    found = []
    for petition in Petition.objects.filter(pk__in=petition_ids).select_related("matter"):
        score = similarity(text, petition.matter.body)
        if score >= threshold:
            found.append((score, petition))
    found.sort(key=lambda pair: (-pair[0], -pair[1].pk))
    return [petition for _score, petition in found]
