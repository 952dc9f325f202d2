"""How alike answers are: the ranking behind theme suggestions, alike answers and theme names.

Suggestions are shown, never applied: the facilitator decides. Every method here is plain
computation and may take a while on a large round, so flows call them off the event loop
(`asyncio.to_thread`). This first version is lexical only (word overlap); the sentence
encoder and TF-IDF over Dutch lemmas replace its inside, not its shape.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"\w{3,}", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Ranked:
    """A candidate (a theme id or an answer id) and how alike it is, higher is closer."""

    key: int
    score: float


class Similarity:
    """One per process: the composition root makes it, flows ask it."""

    def rank_themes(self, text: str, themes: Mapping[int, Sequence[str]]) -> list[Ranked]:
        """Rank themes (id -> the answers already in it) by how alike they are to `text`."""
        mine = _words(text)
        ranked = [
            Ranked(key, max((_overlap(mine, _words(other)) for other in texts), default=0.0))
            for key, texts in themes.items()
        ]
        return sorted(ranked, key=lambda r: (-r.score, r.key))

    def alike(self, text: str, candidates: Mapping[int, str], k: int = 3) -> list[Ranked]:
        """The `k` candidates (answer id -> text) most alike to `text`, closest first."""
        mine = _words(text)
        ranked = [Ranked(key, _overlap(mine, _words(other))) for key, other in candidates.items()]
        ranked = [r for r in ranked if r.score > 0]
        return sorted(ranked, key=lambda r: (-r.score, r.key))[:k]

    def propose_name(self, texts: Sequence[str], lang: str) -> str:
        """A short name for a theme holding these answers: its most telling words."""
        counts = Counter(word for text in texts for word in set(_words(text)))
        return " ".join(word for word, _ in counts.most_common(2))


def _words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(text)}


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
