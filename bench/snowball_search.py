"""Search of the strategy's own text: BM25 over every element, in Finnish and English.

Each element of a version (``strategy.diff.flatten``) is one document holding its Finnish text
and its English translation. Words are stemmed with Snowball (Finnish and English), Finnish
compounds are split against the index's own vocabulary ("energiavarastointi" finds "energian
varastointi"), and a query word the index does not know matches the known stems that share
most of it (Finnish consonant gradation: "varastoinnista" ~ "varastointi").
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

import snowballstemmer

from workshop.strategy.diff import flatten
from workshop.strategy.export import version_to_dict

WORD = re.compile(r"[0-9a-zåäöüéèàáóíúõš]+", re.IGNORECASE)
SEARCHED_KINDS = ("focus_area", "challenge", "solution", "action", "theme", "measure", "indicator")


def _word_list(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that say how someone asks, not what about ("what does the strategy say about ...").
STOPWORDS = _word_list(
    """
    mitä mikä mitkä miten millainen millaisia missä mistä mihin kuka ketkä onko ovatko on ovat
    ole ei en et se ne ja tai sekä että kun jos niin kuin myös vain mutta eli joka jotka jonka
    joita siitä siinä sen sitä tässä tästä tämä nämä noin koskien liittyen liittyy liittyvät
    kerro kerrotko sanoo sanotaan puhutaan sano kertoo löytyy olla voi voiko meidän meillä
    strategia strategiassa strategian strategiaan strategiasta älykkään erikoistumisen
    haaste haasteet haasteita haasteista haasteena ratkaisu ratkaisut ratkaisuja ratkaisuista
    toimenpide toimenpiteet toimenpiteitä keino keinot keinoja painopiste painopisteala
    painopistealat painopistealalla painopistealan alalla alan ala alalle
    what which who how where when why is are was were do does did the a an of in on at to for
    about with and or by from into as be been it its this that these those there any some
    say says said tell me us our we you mention mentions strategy strategies s3
    challenge challenges solution solutions action actions measure measures focus area areas
    field sector regarding concerning related
    pitäisi tulisi pitää täytyy lisätä lisättävä lisäisi ehdotan ehdottaisin voisi olisi
    kannattaisi tarvitaan tarvittaisiin myös should could would need needs add adding suggest
    propose
    """
)
MIN_PART = 4  # shortest part of a compound worth splitting off
CLOSE_MATCH_WEIGHT = 0.7
TAIL_MATCH_WEIGHT = 0.4
K1, B = 1.2, 0.75


@cache
def _stemmer(language: str):
    return snowballstemmer.stemmer("finnish" if language == "fi" else "english")


# Finnish consonant gradation: the weak grade of a stem's last consonant cluster is mapped to
# the strong one, so that "vedyn" meets "vety" and "varastoinnista" meets "varastointi".
GRADATION = {
    "d": "t",
    "nn": "nt",
    "ll": "lt",
    "rr": "rt",
    "mm": "mp",
    "ng": "nk",
    "kk": "k",
    "tt": "t",
    "pp": "p",
}
LAST_CLUSTER = re.compile(r"([^aeiouyäö]+)([aeiouyäö]*)$")


@cache
def stem(word: str, language: str) -> str:
    stemmed = _stemmer(language).stemWord(word)
    if language != "fi":
        return stemmed
    match = LAST_CLUSTER.search(stemmed)
    if match and match.group(1) in GRADATION and match.start() > 1:
        return stemmed[: match.start()] + GRADATION[match.group(1)] + match.group(2)
    return stemmed


def words(text: str) -> list[str]:
    """Lowercase words of a text, without the words that only frame a question."""
    return [w for w in WORD.findall((text or "").lower()) if w not in STOPWORDS and len(w) > 1]


@dataclass(frozen=True)
class Hit:
    """A found element with its score and the focus area it belongs to."""

    ref: str
    kind: str
    score: float
    focus_area_key: str | None
    text: dict[str, str]  # language -> the element's main text


@dataclass
class Index:
    """BM25 over a version's elements; built once per version (``index_for``)."""

    docs: list[dict] = field(default_factory=list)  # ref, kind, focus_area, text, terms
    df: Counter = field(default_factory=Counter)
    vocabulary: set[str] = field(default_factory=set)
    focus_areas: dict[str, dict[str, str]] = field(default_factory=dict)  # key -> lang -> title
    average_length: float = 1.0

    def add(self, ref, kind, focus_area, texts: dict[str, str], extra: dict[str, str]) -> None:
        """One document: its shown texts per language and further searched texts."""
        raw = {lang: texts.get(lang, "") + " " + extra.get(lang, "") for lang in ("fi", "en")}
        self.docs.append({"ref": ref, "kind": kind, "fa": focus_area, "text": texts, "raw": raw})

    def finish(self) -> None:
        """Stem the documents, split compounds against the vocabulary, count frequencies."""
        for doc in self.docs:
            for lang in ("fi", "en"):
                self.vocabulary.update(stem(w, lang) for w in words(doc["raw"][lang]))
        for doc in self.docs:
            terms: Counter = Counter()
            for lang in ("fi", "en"):
                for word in words(doc["raw"][lang]):
                    terms[stem(word, lang)] += 1
                    if lang == "fi":
                        terms.update(self.compound_parts(word))
            doc["terms"] = terms
            doc["length"] = sum(terms.values())
            self.df.update(terms.keys())
        self.average_length = sum(d["length"] for d in self.docs) / max(len(self.docs), 1)

    def compound_parts(self, word: str) -> list[str]:
        """Stems of the two known words a Finnish compound is made of, if it is one."""
        if len(word) < 2 * MIN_PART:
            return []
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            head_stem, tail_stem = stem(head, "fi"), stem(tail, "fi")
            if head_stem in self.vocabulary and tail_stem in self.vocabulary:
                return [head_stem, tail_stem]
        return []

    def close_terms(self, term: str) -> list[str]:
        """Known stems sharing all but the last couple of letters with an unknown stem."""
        if len(term) < 5:
            return []
        found = []
        for known in self.vocabulary:
            shared = len(term) if known.startswith(term) else _common_prefix(term, known)
            if shared >= max(5, min(len(term), len(known)) - 2):
                found.append(known)
        return found

    def query_terms(self, text: str) -> list[dict[str, float]]:
        """Each query word as its alternative index terms with their weights."""
        alternatives = []
        for word in words(text):
            options = self._known(word)
            parts = [] if 1.0 in options.values() else self._query_compound(word)
            if parts:
                alternatives.extend(parts)
            elif options:
                alternatives.append(options)
        return alternatives

    def _known(self, word: str, *, as_tail: bool = False) -> dict[str, float]:
        """Index terms a query word stands for: its stems, else the close ones."""
        options: dict[str, float] = {}
        for lang in ("fi", "en"):
            term = stem(word, lang)
            if term in self.vocabulary:
                options[term] = 1.0
        if word in self.vocabulary:
            options[word] = 1.0
        if options:
            return options
        for lang in ("fi", "en"):
            term = stem(word, lang)
            for close in self.close_terms(term):
                options.setdefault(close, CLOSE_MATCH_WEIGHT)
            if as_tail and len(term) >= MIN_PART + 1:
                # The tail of a compound is often itself only a tail of the index's compounds.
                for known in self.vocabulary:
                    if known.endswith(term) and known != term:
                        options.setdefault(known, TAIL_MATCH_WEIGHT)
        return options

    def _query_compound(self, word: str) -> list[dict[str, float]]:
        """A query compound as its two parts, each as the index terms it stands for; of the
        possible cuts the one whose parts are known most surely."""
        best, best_weight = [], 0.0
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head = self._known(word[:cut])
            tail = self._known(word[cut:], as_tail=True) if head else {}
            if head and tail:
                weight = max(head.values()) + max(tail.values())
                if weight > best_weight:
                    best, best_weight = [head, tail], weight
        return best

    def _score(self, doc: dict, alternatives: list[dict[str, float]]) -> float:
        total = 0.0
        count = len(self.docs)
        for options in alternatives:
            best = 0.0
            for term, weight in options.items():
                frequency = doc["terms"].get(term, 0)
                if not frequency:
                    continue
                idf = math.log(1 + (count - self.df[term] + 0.5) / (self.df[term] + 0.5))
                norm = K1 * (1 - B + B * doc["length"] / self.average_length)
                best = max(best, weight * idf * frequency * (K1 + 1) / (frequency + norm))
            total += best
        return total

    def search(self, text: str, limit: int = 5) -> list[Hit]:
        """The best matching elements, best first; empty when nothing matches."""
        alternatives = self.query_terms(text)
        if not alternatives:
            return []
        scored = [(self._score(doc, alternatives), doc) for doc in self.docs]
        scored = [(score, doc) for score, doc in scored if score > 0]
        scored.sort(key=lambda pair: -pair[0])
        return [
            Hit(doc["ref"], doc["kind"], round(score, 3), doc["fa"], doc["text"])
            for score, doc in scored[:limit]
        ]

    def focus_area_ranking(self, text: str, limit: int = 3) -> list[tuple[str, float]]:
        """Focus areas by their best element's score, best first."""
        best: dict[str, float] = {}
        for hit in self.search(text, limit=len(self.docs)):
            if hit.focus_area_key and hit.focus_area_key not in best:
                best[hit.focus_area_key] = hit.score
        return sorted(best.items(), key=lambda pair: -pair[1])[:limit]


def _common_prefix(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


def _texts(element, names) -> dict[str, str]:
    english = element.translations.get("en", {}) if element.translations else {}
    return {
        "fi": " ".join(str(element.fields.get(name) or "") for name in names).strip(),
        "en": " ".join(str(english.get(name) or "") for name in names).strip(),
    }


def _area_extras(area: dict) -> dict[str, str]:
    """Aliases and sub-theme titles, searched with the focus area but not quoted."""
    english = area.get("translations", {}).get("en", {})
    subs = area.get("sub_themes", [])
    return {
        "fi": " ".join(
            [*area.get("aliases", []), *(sub.get("title", "") for sub in subs), area["title"]]
        ),
        "en": " ".join(
            [
                *english.get("aliases", []),
                *(sub.get("translations", {}).get("en", {}).get("title", "") for sub in subs),
                english.get("title", ""),
            ]
        ),
    }


def build_index(version_data: dict) -> Index:
    """An index of a version's elements (``version_to_dict`` data)."""
    index = Index()
    areas = {
        area["key"]: area
        for theme in version_data.get("themes", [])
        for area in theme.get("focus_areas", [])
    }
    for key, area in areas.items():
        english = area.get("translations", {}).get("en", {})
        index.focus_areas[key] = {"fi": area["title"], "en": english.get("title") or area["title"]}
    for ref, element in flatten(version_data).items():
        if element.kind not in SEARCHED_KINDS:
            continue
        parts = ref.split("/")
        area_key = parts[1] if parts[0] == "focus_area" else None
        shown = _texts(element, ("title", "name", "text"))
        extra = _texts(element, ("description",))
        if element.kind == "focus_area":
            area_extra = _area_extras(areas[area_key])
            extra = {lang: extra[lang] + " " + area_extra[lang] for lang in extra}
        elif area_key:
            # An element also answers to its focus area's name ("the challenges in health").
            extra = {lang: extra[lang] + " " + index.focus_areas[area_key][lang] for lang in extra}
        index.add(ref, element.kind, area_key, shown, extra)
    index.finish()
    return index


_indexes: dict[tuple[int, object], Index] = {}
_lock = threading.Lock()


def index_for(version) -> Index:
    """The index of a stored version, built on first use; a published version never changes."""
    key = (version.id, version.created_at)
    with _lock:
        index = _indexes.get(key)
    if index is None:
        index = build_index(version_to_dict(version))
        with _lock:
            if len(_indexes) > 20:
                _indexes.clear()
            _indexes[key] = index
    return index
