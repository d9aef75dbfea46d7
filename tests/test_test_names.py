"""Test modules need unique basenames: pytest imports them by name (tests/ has no packages)."""

from collections import Counter
from pathlib import Path


def test_test_module_names_are_unique():
    names = Counter(p.name for p in (Path(__file__).parent).rglob("test_*.py"))
    assert [n for n, k in names.items() if k > 1] == []
