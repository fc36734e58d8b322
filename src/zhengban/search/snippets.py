"""Highlighting on the original text (not the segmented tokens): every query token is looked up
in the text as written, case-insensitively (whole words for Latin tokens), and the pieces are
HTML-escaped separately so only our <mark> tags reach the page."""

import re

from django.utils.html import escape

SNIPPET_CHARS = 120
LEAD_CHARS = 30


def _pattern(tokens):
    parts = []
    for token in sorted(set(tokens), key=len, reverse=True):
        piece = re.escape(token)
        if token.isascii():
            piece = rf"(?<![0-9a-z]){piece}(?![0-9a-z])"
        parts.append(piece)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _marked(text, pattern):
    spans = []
    for match in pattern.finditer(text) if pattern else ():
        if spans and match.start() == spans[-1][1]:  # 统计|口径 -> one mark over 统计口径
            spans[-1][1] = match.end()
        else:
            spans.append([match.start(), match.end()])
    out, position = [], 0
    for start, end in spans:
        out.append(escape(text[position:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def highlight(text, tokens):
    """The whole text, escaped, with every token marked."""
    return _marked(text or "", _pattern(tokens))


def snippet(text, tokens, length=SNIPPET_CHARS):
    """About `length` characters of the text around its first token, escaped, tokens marked."""
    text = " ".join((text or "").split())
    pattern = _pattern(tokens)
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - LEAD_CHARS) if first else 0
    window = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return prefix + _marked(window, pattern) + suffix
