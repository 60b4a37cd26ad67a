"""Shared fixtures: paths to the seed, its gold, and the dev articles (skipped when ../shared is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED_TXT = ROOT / "corpus" / "000_c51bca92e9469e1b.txt"
SEED_GOLD = ROOT / "corpus" / "000_c51bca92e9469e1b.gold.json"
DEV_DIR = ROOT / ".." / "shared" / "corpus" / "dev"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TXT.read_text("utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads(SEED_GOLD.read_text("utf-8"))


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    if not DEV_DIR.is_dir():
        pytest.skip("../shared/corpus/dev is absent (a user's clone has no dev articles)")
    return DEV_DIR


@pytest.fixture(scope="session")
def nlp():
    import zhnews_ie

    return zhnews_ie.load()
