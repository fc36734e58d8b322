"""Word segmentation shared by indexing and querying: jieba's `cut_for_search` for Chinese (with a
user dictionary from the profile so unit, organization and domain words stay whole), lowercased
words for English. Index and query go through the same functions, so their tokens always agree."""

import logging
import os
import re
import tempfile
import threading

# Words of this office that jieba's general dictionary splits apart or does not know.
DOMAIN_WORDS = (
    "侨捐", "督办", "督办件", "督查", "信访件", "联系单", "工作联系单", "拟办", "批办", "分办", "承办",
    "会签", "批示", "领导批示", "请示件", "来文", "收文", "发文", "签发", "侨务", "外事", "侨资",
    "三防", "防汛", "欠薪", "河长制", "12345热线", "常务会议", "市长办公会议", "议定事项", "办文",
    "办会", "办事", "政务公开", "营商环境",
)

_WORDCHAR = re.compile(r"[^\W_]")  # a letter or a digit, CJK included
_lock = threading.Lock()
_jieba = None
_extra_words = set()


def _load():
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.dt.tmp_dir = os.environ.get("ZHENGBAN_JIEBA_CACHE", tempfile.gettempdir())
                jieba.initialize()
                for word in DOMAIN_WORDS:
                    jieba.add_word(word)
                _jieba = jieba
    return _jieba


def add_words(words):
    """Teach the segmenter words (unit and organization names); each is added once per process."""
    jieba = _load()
    for word in words:
        word = (word or "").strip()
        if word and word not in _extra_words and not word.isascii():
            jieba.add_word(word)
            _extra_words.add(word)


def profile_words():
    """Unit and organization names of the profile: the user dictionary beyond DOMAIN_WORDS."""
    from zhengban.core.models import Unit

    words = list(Unit.objects.values_list("name_zh", flat=True))
    try:
        from zhengban.documents.models import Organization
    except ImportError:  # the documents module is optional
        return words
    for name, short in Organization.objects.values_list("name_zh", "short_name_zh"):
        words += [name, short]
    return words


_profile_loaded = False


def ensure_profile_dictionary():
    """Load the profile's words once per process (before the first cut that needs them)."""
    global _profile_loaded
    if not _profile_loaded:
        add_words(profile_words())
        _profile_loaded = True


def tokens(text):
    """Text -> lowercased search tokens, in order, duplicates kept (sub-words overlap on purpose)."""
    if not text:
        return []
    return [t.lower() for t in _load().cut_for_search(text) if _WORDCHAR.search(t)]


def index_text(text):
    """The space-joined tokens stored in the index for `text`."""
    return " ".join(tokens(text))


def query_tokens(query):
    """A query -> its distinct tokens; every one must match (AND)."""
    seen = []
    for token in tokens(query):
        if token not in seen:
            seen.append(token)
    return seen
