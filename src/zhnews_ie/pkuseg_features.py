"""pkuseg's node features for a whole run at once: the same ids, in the same order, several times faster.

``spacy_pkuseg``'s ``FeatureExtractor.get_node_features_idx(i, nodes)`` builds the feature list of one node
(a character, or ``**Num``/``**Letter`` for a digit or full-width letter) from scratch: 8 character n-gram
features, the dictionary words of 2 to 6 nodes that end or start at it, and 2 x 25 word-pair features
(``ww.l.<word before>*<word from here>``, ``ww.r.<word to here>*<word after>``), each a new string looked up in
a table of a million features. That was 94% of the segmenter's time. :class:`NodeFeatures` splits the table
once into small tables keyed by the nodes and words themselves, finds the words of a run once per position,
and looks the pairs up without building strings. The lists are the library's, id for id and in the same order,
so the node scores (sums of the features' weights) are the same floats: :meth:`NodeFeatures.matches` checks
that against the library on a probe text, and the tokenizer uses the library's own extractor when it does not
hold (another ``spacy_pkuseg`` version).
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

NO_WORD = "**noWord"
"""pkuseg's stand-in for "no dictionary word of this length here"."""

# Inside this module every node is one character: pkuseg's multi-character nodes and its no-word marker become
# private-use characters, so that a word is a plain substring of the run. A run that itself contains one of
# these characters is left to the library.
_NUM, _LETTER, _NOWORD = "\ue000", "\ue001", "\ue002"
_NODE_CHAR = {"**Num": _NUM, "**Letter": _LETTER}
_RESERVED = frozenset((_NUM, _LETTER, _NOWORD))
_MARKER_CODE = {"**Num": ord(_NUM), "**Letter": ord(_LETTER)}
_SHIFT = 21  # code points are below 2**21: a pair of nodes is one int64
_SINGLES = ("c", "c-1", "c1", "c-2", "c2")
_DOUBLES = ("c-1c", "cc1", "c-2c-1")

PROBE = ("新华社北京1月5日电（记者ＡＢＣ）国务院总理在人民大会堂会见了来访的美国客人，双方就2021年"
         "合作达成共识。上海市浦东新区50.5%的企业、3,000户家庭*参与；Ｈｅｌｌｏ-world_x/y:z|k 中华人民共和国万岁！")
"""Text on which :meth:`NodeFeatures.matches` compares its features with the library's (digits, letters,
pkuseg's keyword characters ``-._,|/*:``, words of every length)."""


def _mapped(text: str) -> str:
    """A feature-table string with pkuseg's multi-character markers as single characters."""
    return text.replace(NO_WORD, _NOWORD).replace("**Num", _NUM).replace("**Letter", _LETTER)


def _code(node: str) -> int:
    """The int of one node (its code point; pkuseg's markers get private-use ones); -1 if it is not one node."""
    if len(node) == 1:
        return -1 if node in _RESERVED else ord(node)
    return _MARKER_CODE.get(node, -1)


def _sorted_table(keys: list[int], values: list[int]) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(np.array(keys, dtype=np.int64), kind="stable")
    return np.array(keys, dtype=np.int64)[order], np.array(values, dtype=np.int64)[order]


def _look(table: tuple[np.ndarray, np.ndarray], keys: np.ndarray) -> np.ndarray:
    """The feature id of every key, -1 where the table has none."""
    sorted_keys, ids = table
    if not len(sorted_keys):
        return np.full(len(keys), -1, dtype=np.int64)
    pos = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return np.where(sorted_keys[pos] == keys, ids[pos], -1)


class NodeFeatures:
    """The node features of pkuseg's ``FeatureExtractor``, computed for a whole run of nodes.

    The character features are looked up with numpy in sorted arrays of node codes (a few MB, where the
    library's string table takes a hundred); the word and word-pair features in dicts keyed by the words.

    feature_to_idx (dict[str, int]): The model's feature table (``FeatureExtractor.feature_to_idx``).
    unigram (set[str]): The dictionary words (``FeatureExtractor.unigram``).
    config (Any): pkuseg's ``config`` (``wordMax``, ``wordMin``, ``wordFeature``).
    fallback (Callable[[int, list[str]], list[int]] | None): The library's ``get_node_features_idx``, used for a
        run holding a node this module cannot code. Defaults to None (such a run raises).
    """

    def __init__(self, feature_to_idx: dict[str, int], unigram: set[str], config: Any,
                 fallback: Callable[[int, list[str]], list[int]] | None = None):
        self.fallback = fallback
        self.word_feature = bool(config.wordFeature)
        self.lengths = tuple(range(config.wordMax, config.wordMin - 1, -1))  # pkuseg's order: 6 ... 2
        canon = {}  # one string object per word, shared by the tables below
        for w in unigram:
            m = _mapped(w)
            canon[m] = m
        self.words = frozenset(canon)
        # pkuseg's slice of a run is "" where it would pass an end; "" is then looked up like any word
        self.outside = "" if "" in unigram else _NOWORD
        canon[_NOWORD] = _NOWORD
        canon.setdefault("", "")
        singles: dict[str, tuple[list[int], list[int]]] = {h: ([], []) for h in _SINGLES}
        doubles: dict[str, tuple[list[int], list[int]]] = {h: ([], []) for h in _DOUBLES}
        self.w_end: dict[str, int] = {}
        self.w_start: dict[str, int] = {}
        self.ww_l: dict[str, dict[str, int]] = {}
        self.ww_r: dict[str, dict[str, int]] = {}
        for key, idx in feature_to_idx.items():
            head, _, rest = key.partition(".")
            if head in singles:
                code = _code(rest)
                if code >= 0:
                    singles[head][0].append(code)
                    singles[head][1].append(idx)
            elif head in doubles:
                if len(rest) == 3 and rest[1] == "." and rest[0] not in _RESERVED and rest[2] not in _RESERVED:
                    doubles[head][0].append(ord(rest[0]) << _SHIFT | ord(rest[2]))  # two one-character nodes
                    doubles[head][1].append(idx)
                    continue
                parts = rest.split(".")  # nodes never hold "." (pkuseg renames it)
                if len(parts) == 2 and (a := _code(parts[0])) >= 0 and (b := _code(parts[1])) >= 0:
                    doubles[head][0].append(a << _SHIFT | b)
                    doubles[head][1].append(idx)
            elif head == "w-1":
                self.w_end[canon.get(m := _mapped(rest), m)] = idx
            elif head == "w1":
                self.w_start[canon.get(m := _mapped(rest), m)] = idx
            elif head == "ww" and rest[:2] in ("l.", "r."):
                pair = _mapped(rest[2:]).split("*")  # no "*" is left inside a word once the markers are mapped
                if len(pair) == 2:
                    left, right = canon.get(pair[0], pair[0]), canon.get(pair[1], pair[1])
                    (self.ww_l if rest[0] == "l" else self.ww_r).setdefault(left, {})[right] = idx
        self.tables = {h: _sorted_table(*kv) for h, kv in (*singles.items(), *doubles.items())}

    def run(self, nodes: list[str]) -> list[list[int]]:
        """The feature ids of every node of a run: ``[get_node_features_idx(i, nodes) for i in range(n)]``.

        nodes (list[str]): The normalised nodes (``FeatureExtractor.normalize_text``).
        RETURNS (list[list[int]]): One list of feature ids per node.
        RAISES (ValueError): If a node cannot be coded (a private-use character of this module, or a marker
            other than pkuseg's) and there is no fallback.
        """
        n = len(nodes)
        codes = [ord(node) if len(node) == 1 else _MARKER_CODE.get(node, -1) for node in nodes]
        if n == 0 or min(codes) < 0 or _RESERVED.intersection(nodes):
            if self.fallback is None and n:
                raise ValueError("pkuseg_features: a node of the run cannot be coded")
            return [self.fallback(i, nodes) for i in range(n)] if n else []
        out = self._chars(np.array(codes, dtype=np.int64), n)
        if not self.word_feature:
            return out
        text = "".join([_NODE_CHAR.get(node, node) for node in nodes])
        words, outside, lengths = self.words, self.outside, self.lengths
        starting = []  # starting[s][k]: the word of lengths[k] nodes from node s, _NOWORD, or `outside`
        for s in range(n):
            starting.append(tuple([(w if (w := text[s:s + size]) in words else _NOWORD) if s + size <= n
                                   else outside for size in lengths]))
        ending = []  # ending[e][k]: the word of lengths[k] nodes ending at node e
        for e in range(n):
            ending.append(tuple([starting[e - size + 1][k] if e - size + 1 >= 0 else outside
                                 for k, size in enumerate(lengths)]))
        none = (outside,) * len(lengths)
        w_end, w_start, ww_l, ww_r = self.w_end, self.w_start, self.ww_l, self.ww_r
        for i in range(n):
            feats = out[i]
            pre_in, post_in = ending[i], starting[i]
            pre_ex = ending[i - 1] if i > 0 else none
            post_ex = starting[i + 1] if i + 1 < n else none
            for w in pre_in:
                if w != _NOWORD and (idx := w_end.get(w)) is not None:
                    feats.append(idx)
            for w in post_in:
                if w != _NOWORD and (idx := w_start.get(w)) is not None:
                    feats.append(idx)
            for table, lefts, rights in ((ww_l, pre_ex, post_in), (ww_r, pre_in, post_ex)):
                last, found = None, []
                for left in lefts:
                    if left != last:  # equal neighbours (mostly "no word") give the same ids again
                        row = table.get(left)
                        found = [row[r] for r in rights if r in row] if row else []
                        last = left
                    feats.extend(found)
        return out

    def _chars(self, codes: np.ndarray, n: int) -> list[list[int]]:
        """The start feature and the 8 character n-gram features of every node, in pkuseg's order."""
        t = self.tables
        cols = np.full((n, 9), -1, dtype=np.int64)
        cols[:, 0] = 0  # the start feature "$$"
        cols[:, 1] = _look(t["c"], codes)
        if n > 1:
            pairs = codes[:-1] << _SHIFT | codes[1:]  # pairs[j]: nodes j and j + 1
            cols[1:, 2] = _look(t["c-1"], codes[:-1])
            cols[1:, 3] = _look(t["c-1c"], pairs)
            cols[:-1, 4] = _look(t["c1"], codes[1:])
            cols[:-1, 5] = _look(t["cc1"], pairs)
        if n > 2:
            cols[2:, 6] = _look(t["c-2"], codes[:-2])
            cols[2:, 7] = _look(t["c-2c-1"], pairs[:-1])
            cols[:-2, 8] = _look(t["c2"], codes[2:])
        return [[f for f in row if f >= 0] for row in cols.tolist()]

    def matches(self, extractor: Any, text: str = PROBE) -> bool:
        """Whether this gives the library's features on ``text`` and on every prefix and suffix of it.

        extractor (Any): pkuseg's ``FeatureExtractor`` (``normalize_text``, ``get_node_features_idx``).
        text (str): The probe. Defaults to PROBE.
        RETURNS (bool): True when every list is the library's, id for id.
        """
        for piece in (text, text[:1], text[:2], text[:7], text[-1:], text[-3:], text[3:20]):
            nodes = list(extractor.normalize_text(piece))
            if self.run(nodes) != [extractor.get_node_features_idx(i, nodes) for i in range(len(nodes))]:
                return False
        return True
