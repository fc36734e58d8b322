"""Word segmentation for routing (and for anyone who needs the office's vocabulary kept whole).

Chinese is cut with jieba, whose user dictionary is built from the profile (unit names, subject
areas, routing words), the organization directory and the domain words in data/domain_words.txt,
so that 侨捐, 督办 or 秘书一科 stay one word. English is lowercased, stripped of stop words and
stemmed (Porter), so that "roads" counts as "road" and "inspections" as "inspected". jieba's
dictionary takes about half a second to build: one tokenizer per process, made on first use.
"""

import functools
import logging
import re
import threading
from pathlib import Path

import jieba

from .stemming import porter_stem

DOMAIN_WORDS_FILE = Path(__file__).parent / "data" / "domain_words.txt"

# Function words and the generic words of every official document: they say nothing about who handles it.
CHINESE_STOP_WORDS = frozenset(
    """的 了 和 与 及 或 等 在 对 为 是 将 把 被 由 从 向 于 以 就 并 也 又 请 予以 关于 有关 进行 开展 加强 做好
    工作 情况 问题 事项 事宜 报告 请示 通知 意见 函 复函 批复 我市 全市 本市 市 市政府 市人民政府 政府 人民政府
    衡阳 衡阳市 我们 我局 我委 我县 我区 贵 贵办 根据 按照 要求 申请 拟 已 年 月 日 一 二 三 个 项 份 次 其
    相关 各 各类 以及 目前 近期 进一步 落实 组织 单位 部门 有关部门 同意 研究 办理 处理 妥否 当否 特此 附件
    市长 副市长 省政府 省人民政府 办公室 市政府办公室 有限公司 有限责任公司 股份有限公司""".split()
)
ENGLISH_STOP_WORDS = frozenset(
    """a an the and or of to in on for by with from at as is are was were be been being this that these those it its
    our we us you your their they he she his her them which who whom what when where how than then there here so
    not no nor but if into over under about after before between during per via please would could should will
    shall may might must can do does did has have had also any all each some such other more most very own same
    request report letter notice reply regarding concerning re subject dear sir madam office municipal city
    government hengyang people yours sincerely kindly approval approve instruction instructions
    mayor mayors vice county counties district districts province provincial out""".split()
)
ASCII_WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")
# Pieces that do not end an English phrase: "follow-up" and "mayor's" reach the tokenizer in parts.
PHRASE_JOINERS = frozenset("-'’")
HAS_CJK = re.compile(r"[\u3400-\u9fff]")

_lock = threading.Lock()
_tokenizer = None


def user_words():
    """The words the routing dictionary keeps whole: the profile's and the directory's names and terms."""
    from zhengban.core.models import Unit
    from zhengban.documents.models import Organization

    words = {
        line.strip()
        for line in DOMAIN_WORDS_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    for unit in Unit.objects.only("name_zh", "subject_areas", "routing_words_zh"):
        words.add(unit.name_zh)
        words.update(area.get("zh", "") for area in unit.subject_areas)
        words.update(unit.routing_words_zh)
    for organization in Organization.objects.only("name_zh", "short_name_zh"):
        words.update((organization.name_zh, organization.short_name_zh))
    # Parenthesized names such as 秘书二科（市长值班室） are kept as their parts too.
    for word in list(words):
        words.update(re.split(r"[（）()、，,\s]+", word))
    return sorted(word for word in words if len(word) >= 2 and HAS_CJK.search(word))


def user_dictionary_lines():
    """The user dictionary in jieba's file format (word, frequency), for tools that load a file."""
    return [f"{word} 2000\n" for word in user_words()]


def tokenizer():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                jieba.setLogLevel(logging.WARNING)  # not the dictionary-cache chatter on every start
                instance = jieba.Tokenizer()
                instance.initialize()
                for word in user_words():
                    # A high frequency makes jieba prefer the whole word to its parts.
                    instance.add_word(word, freq=2000)
                _tokenizer = instance
    return _tokenizer


def add_words(words):
    """Teach the loaded tokenizer new words (a new unit or organization) without rebuilding it."""
    instance = tokenizer()
    for word in words:
        if len(word) >= 2 and HAS_CJK.search(word):
            instance.add_word(word, freq=2000)
    _surface_tokens.cache_clear()


def reset():
    """Forget the tokenizer; the next use rebuilds it from the current profile (tests, profile reload)."""
    global _tokenizer
    with _lock:
        _tokenizer = None
        _surface_tokens.cache_clear()


def surface_tokens(text):
    """(token, word as written) for each content word of a text, Chinese and English, in order.

    Two English content words that follow each other (stop words between them allowed, punctuation
    not) also make a phrase token such as "social security" or "air defence": a phrase says far more
    about the subject than either word. Segmentations are kept (an LRU of recent texts), since a
    clerk's screen asks again for the same text as the form changes.
    """
    return list(_surface_tokens(text or ""))


def _pieces(text):
    """jieba's search-engine cut (each word, preceded by the dictionary words inside it), except that
    a stop word brings none of its parts: 市政府 must not bring 市政 (municipal engineering) along."""
    instance = tokenizer()
    for word in instance.cut(text):
        if HAS_CJK.search(word) and word not in CHINESE_STOP_WORDS:
            for size in (2, 3):
                for start in range(len(word) - size + 1 if len(word) > size else 0):
                    part = word[start:start + size]
                    if instance.FREQ.get(part):
                        yield part
        yield word


@functools.lru_cache(maxsize=4096)
def _surface_tokens(text):
    result = []
    previous = None  # the last English content word (token, surface) while a phrase may continue
    for piece in _pieces(text):
        stripped = piece.strip()
        lowered = stripped.lower()
        if not lowered:
            if piece and piece not in " ":
                previous = None  # a line break ends a phrase
            continue
        if HAS_CJK.search(lowered):
            previous = None
            if len(lowered) >= 2 and lowered not in CHINESE_STOP_WORDS:
                result.append((lowered, stripped))
            continue
        words = ASCII_WORD.findall(lowered)
        if not words:
            if lowered not in PHRASE_JOINERS:
                previous = None  # punctuation or a number ends a phrase
            continue
        for word in words:
            if len(word) < 2 or word in ENGLISH_STOP_WORDS:
                continue  # the "s" of "mayor's", "the" of "the mayor": the phrase goes on
            token = porter_stem(word)
            if previous is not None:
                result.append((f"{previous[0]} {token}", f"{previous[1]} {word}"))
            result.append((token, word))
            previous = (token, word)
    return tuple(result)


def tokens(text):
    """The content words (and English two-word phrases) of a text as routing counts them (repeats kept)."""
    return [token for token, _surface in surface_tokens(text)]
