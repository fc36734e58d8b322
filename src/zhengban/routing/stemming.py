"""The Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", 1980), for routing's English words.

Routing needs "roads" to meet "road", "inspections" "inspected" and "inspecting" to meet "inspect",
"planning" to meet "plan": the profile's words and the incoming text are stemmed alike, so a word
counts whatever its form. Porter's algorithm is the usual choice for this; it is short enough to
keep here rather than add a dependency. Stems are not words ("secur", "inspect"): the reasons shown
to a clerk use the word as written.
"""

import functools

VOWELS = frozenset("aeiou")
# Words the algorithm would merge with unrelated ones ("news" with "new", "gas" with "ga").
EXCEPTIONS = {"news": "news", "gas": "gas", "bus": "bus", "series": "series", "species": "species"}

STEP_2 = (
    ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
    ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"),
    ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"),
    ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"), ("logi", "log"),
)
STEP_3 = (("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""))
STEP_4 = (
    "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism",
    "ate", "iti", "ous", "ive", "ize",
)


def _is_consonant(word, index):
    letter = word[index]
    if letter in VOWELS:
        return False
    if letter == "y":
        return index == 0 or not _is_consonant(word, index - 1)
    return True


def _measure(stem):
    """m in Porter's [C](VC)^m[V]: how many vowel-consonant sequences the stem has."""
    count, previous_vowel = 0, False
    for index in range(len(stem)):
        consonant = _is_consonant(stem, index)
        if consonant and previous_vowel:
            count += 1
        previous_vowel = not consonant
    return count


def _has_vowel(stem):
    return any(not _is_consonant(stem, index) for index in range(len(stem)))


def _ends_double_consonant(word):
    return len(word) >= 2 and word[-1] == word[-2] and _is_consonant(word, len(word) - 1)


def _ends_cvc(word):
    """Consonant-vowel-consonant, the last not w, x or y: "hop" (→ "hope" after "hoping")."""
    return (
        len(word) >= 3 and _is_consonant(word, len(word) - 3) and not _is_consonant(word, len(word) - 2)
        and _is_consonant(word, len(word) - 1) and word[-1] not in "wxy"
    )


def _step_1(word):
    if word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("ies"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    stripped = None
    if word.endswith("eed"):
        if _measure(word[:-3]) > 0:
            word = word[:-1]
    elif word.endswith("ed") and _has_vowel(word[:-2]):
        stripped = word[:-2]
    elif word.endswith("ing") and _has_vowel(word[:-3]):
        stripped = word[:-3]
    if stripped is not None:
        word = stripped
        if word.endswith(("at", "bl", "iz")):
            word += "e"
        elif _ends_double_consonant(word) and word[-1] not in "lsz":
            word = word[:-1]
        elif _measure(word) == 1 and _ends_cvc(word):
            word += "e"
    if word.endswith("y") and _has_vowel(word[:-1]):
        word = word[:-1] + "i"
    return word


def _replace(word, rules, minimum_measure):
    for suffix, replacement in sorted(rules, key=lambda rule: -len(rule[0])):  # the longest suffix decides
        if word.endswith(suffix):
            stem = word[: len(word) - len(suffix)]
            return stem + replacement if _measure(stem) > minimum_measure else word
    return word


def _step_4(word):
    for suffix in sorted(STEP_4, key=len, reverse=True):  # the longest suffix decides
        if word.endswith(suffix):
            stem = word[: len(word) - len(suffix)]
            if suffix == "ion" and not stem.endswith(("s", "t")):
                return word
            return stem if _measure(stem) > 1 else word
    return word


def _step_5(word):
    if word.endswith("e"):
        stem = word[:-1]
        measure = _measure(stem)
        if measure > 1 or (measure == 1 and not _ends_cvc(stem)):
            word = stem
    if word.endswith("ll") and _measure(word) > 1:
        word = word[:-1]
    return word


@functools.lru_cache(maxsize=65536)
def porter_stem(word):
    """The Porter stem of a lowercase English word ("inspections" → "inspect", "roads" → "road")."""
    if word in EXCEPTIONS:
        return EXCEPTIONS[word]
    if len(word) <= 2:
        return word
    word = _step_1(word)
    word = _replace(word, STEP_2, 0)
    word = _replace(word, STEP_3, 0)
    word = _step_4(word)
    return _step_5(word)
