"""Search of the strategy's own text: BM25 over every element and narrative paragraph, in
Finnish and English.

Each element of a version (``strategy.diff.flatten``) is one document holding its Finnish text
and its English translation; the narrative sections and the themes' descriptions are one
document a paragraph. Finnish words are their lemmas and compound parts from Voikko
(``morphology``: "vedyn" is "vety", "ruuantuotannosta" is "ruoka" + "tuotanto"); English words
are Snowball stems. A query word the index does not know is replaced by Voikko's spelling
suggestion ("vetytaloudesra"), then by the known terms that share most of it (derivations:
"seurataan" ~ "seuranta"). ``sentences`` picks the sentences of a document that answer.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

import snowballstemmer

from workshop.language import morphology
from workshop.strategy.diff import flatten
from workshop.strategy.export import version_to_dict

_LETTERS = "0-9a-zåäöüéèàáóíúõš"
TOKEN = re.compile(rf"[{_LETTERS}]+(?:[&'-][{_LETTERS}]+)*", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9“”\"])")
SEARCHED_KINDS = ("focus_area", "challenge", "solution", "action", "theme", "measure", "indicator")


def _word_list(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that say how someone asks or proposes, not what about, as typed (spoken forms too).
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
    mites mitäs mikäs onks onkos onkse missäs mistäs entä entäs no noh niinku tota toi tuo
    tää toi noi jotain mitään jotakin mitenkä sanotaa sanotas meiän mun mä me te ne nää
    pitäis pitäs tulis vois voitais voitaisiin olis ois kannattais ehdotetaan lisätään enemmän
    paljonko kuinka paljon mikäli aiotaan aikoo tarkoittaa tarkoitetaan
    what which who how where when why is are was were do does did the a an of in on at to for
    about with and or by from into as be been it its this that these those there any some
    say says said tell me us our we you mention mentions strategy strategies s3
    challenge challenges solution solutions action actions measure measures focus area areas
    field sector regarding concerning related much many mean means
    pitäisi tulisi pitää täytyy lisätä lisättävä lisäisi ehdotan ehdottaisin voisi olisi
    kannattaisi tarvitaan tarvittaisiin myös should could would need needs add adding suggest
    propose more i'd we'd let's lets
    """
)
# Lemmas of the same kind: whatever the form ("sanottiin", "ehdotamme"), they frame a message.
STOP_LEMMAS = _word_list(
    """
    olla ei mikä miten kuka missä mikään jokin strategia sanoa kertoa puhua löytyä liittyä
    koskea haaste ratkaisu toimenpide keino painopiste painopisteala ala pitää tulla voida
    täytyä lisätä ehdottaa kannattaa tarvita aikoa tarkoittaa meinata paljon enemmän mieli
    mielestä niin vain myös jo nyt sitten
    """
)
MIN_PART = 4
NARRATIVE = ("section", "theme")
# The structured elements state the strategy's choices; the narrative around them explains.
NARRATIVE_WEIGHT = 0.85
# A document whose title holds every word asked about ("liikenteen päästöt") is the answer.
TITLE_BONUS = 1.5
PREFERRED_WEIGHT = 1.3
SUGGESTION_WEIGHT = 0.8
CLOSE_MATCH_WEIGHT = 0.6
K1, B = 1.2, 0.75


@cache
def _english():
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def english_terms(word: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_english().stemWord(part) for part in word.split("-") if part))


# Abbreviations of everyday regional development talk, as the strategy's own words.
SYNONYMS = {
    "sote": ("terveys", "sosiaalinen", "terveydenhuolto"),
    "digi": ("digitaalinen",),
    "ict": ("ict", "ohjelmisto"),
    "ai": ("tekoäly",),
}


@lru_cache(maxsize=50_000)
def finnish_groups(word: str) -> tuple[tuple[str, ...], ...]:
    """A Finnish word as groups of alternative lemmas: one group, or one per compound part
    (the whole compound's lemmas in the last). Empty for words that only frame a sentence and
    for words Voikko does not know (see ``known_to_voikko``)."""
    if "-" in word and not morphology.analyse(word)[2]:
        # "t&k-menojen", "sote-alan": each part on its own.
        return tuple(
            g
            for part in word.split("-")
            if part and part not in STOPWORDS
            for g in _part_groups(part)
        )
    lemmas, parts, known, framing = morphology.analyse(word)
    if not known or framing:
        return ()
    if parts and len(word) >= 2 * MIN_PART:
        groups = [_with_synonyms(part) for part in parts]
        groups[-1] = tuple(dict.fromkeys((*groups[-1], *lemmas)))
    else:
        groups = [_with_synonyms(lemmas)]
    cleaned = (tuple(lemma for lemma in group if lemma not in STOP_LEMMAS) for group in groups)
    return tuple(group for group in cleaned if group)


def _with_synonyms(lemmas: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys((*lemmas, *(s for lemma in lemmas for s in SYNONYMS.get(lemma, ()))))
    )


def _part_groups(part: str) -> tuple[tuple[str, ...], ...]:
    if part in SYNONYMS:
        return (_with_synonyms((part,)),)
    groups = finnish_groups(part) if morphology.analyse(part)[2] else ()
    return groups or ((part,),)


def known_to_voikko(word: str) -> bool:
    return morphology.analyse(word)[2] or "-" in word


def tokens(text: str) -> list[str]:
    """Lowercase words of a text, without the words that only frame a question."""
    return [
        w.strip("'-")
        for w in TOKEN.findall((text or "").lower())
        if w not in STOPWORDS and len(w) > 1
    ]


def document_terms(text: str, language: str) -> list[str]:
    """Every index term of a text: lemmas and compound parts, or English stems."""
    terms: list[str] = []
    for word in tokens(text):
        if language == "en":
            terms.extend(english_terms(word))
            continue
        groups = finnish_groups(word)
        if groups:
            for group in groups:
                terms.extend(group)
        else:
            terms.append(word)  # names and abbreviations Voikko does not know: "äes", "tki"
    return terms


def sentences_of(text: str) -> list[str]:
    """A text's sentences (paragraphs first, then full stops)."""
    found = []
    for paragraph in re.split(r"\n\s*\n|\n", text or ""):
        found.extend(s.strip() for s in SENTENCE_END.split(paragraph.strip()) if s.strip())
    return found


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
    """BM25 over a version's elements and paragraphs; built once per version (``index_for``)."""

    docs: list[dict] = field(default_factory=list)  # ref, kind, fa, text, raw, terms, ...
    df: Counter = field(default_factory=Counter)
    vocabulary: set[str] = field(default_factory=set)
    focus_areas: dict[str, dict[str, str]] = field(default_factory=dict)  # key -> lang -> title
    average_length: float = 1.0
    by_ref: dict[str, dict] = field(default_factory=dict)
    by_prefix: dict[str, list[str]] = field(default_factory=dict)  # close terms share 5 letters

    def add(self, ref, kind, focus_area, texts: dict[str, str], extra: dict[str, str], **more):
        """One document: its shown texts per language and further searched texts."""
        raw = {lang: texts.get(lang, "") + " " + extra.get(lang, "") for lang in ("fi", "en")}
        self.docs.append(
            {"ref": ref, "kind": kind, "fa": focus_area, "text": texts, "raw": raw, **more}
        )

    def finish(self) -> None:
        """Lemmatise the documents and count frequencies."""
        for doc in self.docs:
            terms: Counter = Counter()
            for lang in ("fi", "en"):
                terms.update(document_terms(doc["raw"][lang], lang))
            doc["terms"] = terms
            titles = doc.get("title", doc["text"])
            doc["titles"] = [
                set(document_terms(titles.get(lang, ""), lang)) for lang in ("fi", "en")
            ]
            doc["title_terms"] = set().union(*doc["titles"])
            doc["length"] = sum(terms.values())
            self.df.update(terms.keys())
            self.vocabulary.update(terms)
        self.average_length = sum(d["length"] for d in self.docs) / max(len(self.docs), 1)
        self.by_ref = {doc["ref"]: doc for doc in self.docs}
        for term in self.vocabulary:
            self.by_prefix.setdefault(term[:5], []).append(term)
        self._attribute_theme_paragraphs()

    def _attribute_theme_paragraphs(self) -> None:
        """A theme's description speaks of its focus areas paragraph by paragraph: each
        paragraph belongs to the area whose words it shares most, when one clearly leads."""
        words_of: dict[str, set[str]] = {}
        for doc in self.docs:
            if doc["fa"]:
                words_of.setdefault(doc["fa"], set()).update(doc["terms"])
        count = len(self.docs)
        for doc in self.docs:
            if doc["kind"] != "theme" or not doc.get("areas"):
                continue
            weights = sorted(
                (
                    sum(
                        math.log(count / self.df[t])
                        for t in doc["terms"]
                        if t in words_of.get(key, ())
                    ),
                    key,
                )
                for key in doc["areas"]
            )
            if len(weights) > 1 and weights[-1][0] >= 1.5 * max(weights[-2][0], 1):
                key = weights[-1][1]
                doc["fa"] = key
                doc["path"] = {
                    lang: f"{doc['path'][lang]} › {self.focus_areas[key][lang]}"
                    for lang in doc["path"]
                }

    # Queries ----------------------------------------------------------------------------

    def query_terms(self, text: str) -> list[dict[str, float]]:
        """Each query word (each part of a compound) as its alternative index terms with
        their weights."""
        alternatives: list[dict[str, float]] = []
        for word in tokens(text):
            alternatives.extend(self._word_options(word))
        return alternatives

    def _word_options(self, word: str) -> list[dict[str, float]]:
        english = {t: 1.0 for t in english_terms(word) if t in self.vocabulary}
        if word in self.vocabulary:
            english[word] = 1.0
        groups = finnish_groups(word)
        if groups:
            found = [self._known(group) for group in groups]
            found = [options for options in found if options]
            if found:
                if english:
                    found[0] = {**english, **found[0]}
                return found
        if english:
            return [english]
        if groups or known_to_voikko(word):
            # A known Finnish word the strategy does not use: perhaps a derivation of one.
            close = self._close(word, groups)
            return [close] if close else []
        suggestion, found = self._suggested(word)
        if found:
            return found
        close = self._close(word, ())
        return [close] if close else []

    def _suggested(self, word: str) -> tuple[str, list[dict[str, float]]]:
        """Voikko's first suggestion for an unknown word whose words the index knows."""
        for suggestion in morphology.suggestions(word):
            found = [
                {term: SUGGESTION_WEIGHT * weight for term, weight in self._known(group).items()}
                for part in tokens(suggestion)
                for group in finnish_groups(part)
            ]
            found = [options for options in found if options]
            if found:
                return suggestion, found
        return "", []

    def corrections(self, text: str) -> list[tuple[str, str]]:
        """The typed words read as a spelling suggestion: (typed, read as)."""
        found = []
        for word in tokens(text):
            if finnish_groups(word) or known_to_voikko(word) or self._english(word):
                continue
            suggestion, _options = self._suggested(word)
            if suggestion:
                found.append((word, suggestion))
        return found

    def _english(self, word: str) -> bool:
        return word in self.vocabulary or any(t in self.vocabulary for t in english_terms(word))

    def _known(self, group: tuple[str, ...]) -> dict[str, float]:
        """The lemmas of a group that the index has; else the close ones."""
        options = {lemma: 1.0 for lemma in group if lemma in self.vocabulary}
        if options:
            return options
        return self._close(group[-1], (group,))

    def _close(self, word: str, groups) -> dict[str, float]:
        """Known terms sharing all but the last couple of letters with a term."""
        options: dict[str, float] = {}
        for term in {word, *(lemma for group in groups for lemma in group)}:
            if len(term) < 5:
                continue
            for known in self.by_prefix.get(term[:5], ()):
                shared = len(term) if known.startswith(term) else _common_prefix(term, known)
                if shared >= max(5, min(len(term), len(known)) - 2):
                    options.setdefault(known, CLOSE_MATCH_WEIGHT)
        return options

    def _score(self, doc: dict, alternatives: list[dict[str, float]]) -> float:
        total = 0.0
        count = len(self.docs)
        norm = K1 * (1 - B + B * doc["length"] / self.average_length)
        for options in alternatives:
            best = 0.0
            for term, weight in options.items():
                frequency = doc["terms"].get(term, 0)
                if not frequency:
                    continue
                idf = math.log(1 + (count - self.df[term] + 0.5) / (self.df[term] + 0.5))
                best = max(best, weight * idf * frequency * (K1 + 1) / (frequency + norm))
            total += best
        return total

    def search(self, text: str, limit: int = 5, prefer: str | None = None) -> list[Hit]:
        """The best matching documents, best first; empty when nothing matches. ``prefer``: a
        focus area whose documents count a third more (the one being scored)."""
        alternatives = self.query_terms(text)
        if not alternatives:
            return []
        asked = {term for options in alternatives for term in options}
        scored = []
        for doc in self.docs:
            score = self._score(doc, alternatives)
            if score <= 0:
                continue
            if prefer and doc["fa"] == prefer:
                score *= PREFERRED_WEIGHT
            if doc["kind"] in NARRATIVE:
                score *= NARRATIVE_WEIGHT
            if all(doc["title_terms"].intersection(options) for options in alternatives):
                score *= TITLE_BONUS
                if any(title and title <= asked for title in doc["titles"]):
                    score *= TITLE_BONUS  # the question is the title ("smart specialisation")
            scored.append((score, doc))
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

    def doc(self, ref: str) -> dict | None:
        return self.by_ref.get(ref)

    def sentences(self, ref: str, text: str, language: str, limit: int = 2) -> list[str]:
        """The sentences of a document's quotable text in ``language`` that answer ``text``
        best, in their order; the first sentence when none matches in that language."""
        doc = self.doc(ref)
        if doc is None:
            return []
        body = doc.get("quote", doc["text"])
        shown = sentences_of(body.get(language) or body.get("fi") or "")
        if len(shown) <= 1:
            return shown
        alternatives = self.query_terms(text)
        scored = []
        for position, sentence in enumerate(shown):
            terms = set(document_terms(sentence, language))
            score = sum(
                max((w for t, w in o.items() if t in terms), default=0) for o in alternatives
            )
            scored.append((score, position))
        best = sorted((pair for pair in scored if pair[0] > 0), key=lambda p: (-p[0], p[1]))
        if not best:
            return shown[:1]
        top = best[0][0]
        chosen = sorted(position for score, position in best[:limit] if score >= top * 0.5)
        return [shown[position] for position in chosen]


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


def _tr(item: dict, name: str, language: str) -> str:
    if language == "fi":
        return item.get(name) or ""
    return item.get("translations", {}).get(language, {}).get(name) or item.get(name) or ""


def _both(item: dict, name: str) -> dict[str, str]:
    return {lang: _tr(item, name, lang) for lang in ("fi", "en")}


def _area_extras(area: dict) -> dict[str, str]:
    """Aliases and sub-theme titles, searched with the focus area."""
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


def _area_summary(area: dict) -> dict[str, list[str]]:
    """What a focus area covers, quoted when the area itself is found: its description, else
    its sub-themes, else its challenges or actions."""
    summary = {}
    for lang in ("fi", "en"):
        description = _tr(area, "description", lang)
        parts = [_tr(sub, "title", lang) for sub in area.get("sub_themes", [])]
        if not parts:
            parts = [_tr(c, "title", lang) for c in area.get("challenges", [])]
            parts += [_tr(a, "text", lang) for a in area.get("actions", [])]
        summary[lang] = [description] if description else [p for p in parts if p]
    return summary


def _paragraphs(texts: dict[str, str]) -> list[dict[str, str]]:
    """A narrative text's paragraphs, Finnish and English side by side (the English text has
    the same paragraphs; when it does not, it is one block beside the first)."""
    split = {
        lang: [p.strip() for p in re.split(r"\n\s*\n", texts[lang]) if p.strip()] for lang in texts
    }
    if len(split["fi"]) != len(split["en"]):
        return [{"fi": texts["fi"], "en": texts["en"]}] if texts["fi"].strip() else []
    return [{"fi": fi, "en": en} for fi, en in zip(split["fi"], split["en"], strict=True)]


def build_index(version_data: dict) -> Index:
    """An index of a version (``version_to_dict`` data)."""
    morphology.check()
    index = Index()
    themes = {theme["key"]: theme for theme in version_data.get("themes", [])}
    areas = {}
    area_theme = {}
    for theme in themes.values():
        for area in theme.get("focus_areas", []):
            areas[area["key"]] = area
            area_theme[area["key"]] = theme
    for key, area in areas.items():
        english = area.get("translations", {}).get("en", {})
        index.focus_areas[key] = {"fi": area["title"], "en": english.get("title") or area["title"]}
    elements = flatten(version_data)
    for section in version_data.get("sections", []):
        title = _both(section, "title")
        for number, paragraph in enumerate(_paragraphs(_both(section, "body"))):
            index.add(
                f"section/{section['key']}#{number}",
                "section",
                None,
                paragraph,
                title,
                path=title,
                title=title,
            )
    for ref, element in elements.items():
        if element.kind not in SEARCHED_KINDS:
            continue
        parts = ref.split("/")
        area_key = parts[1] if parts[0] == "focus_area" else None
        shown = _texts(element, ("title", "name", "text"))
        extra = _texts(element, ("description",))
        more: dict = {}
        if element.kind == "theme":
            theme = themes[parts[1]]
            title = _both(theme, "title")
            keys = [area["key"] for area in theme.get("focus_areas", [])]
            paragraphs = _paragraphs(_both(theme, "description"))
            for number, paragraph in enumerate(paragraphs):
                index.add(
                    f"{ref}#{number}",
                    "theme",
                    None,
                    paragraph,
                    title,
                    path=title,
                    title=title,
                    areas=keys,
                )
            if paragraphs:
                continue  # the paragraphs carry the theme's title
            more.update(path=title, title=title)
        elif element.kind == "focus_area":
            area = areas[area_key]
            area_extra = _area_extras(area)
            extra = {lang: extra[lang] + " " + area_extra[lang] for lang in extra}
            more["covers"] = _area_summary(area)
            more["title"] = index.focus_areas[area_key]
        elif area_key:
            # An element also answers to its focus area's name ("the challenges in health").
            extra = {lang: extra[lang] + " " + index.focus_areas[area_key][lang] for lang in extra}
        if area_key:
            more["path"] = _path(elements, element, area_theme[area_key])
        index.add(ref, element.kind, area_key, shown, extra, **more)
    index.finish()
    morphology.suggestions("strategiaa")  # Voikko's speller starts slowly: not on a reply
    return index


def _path(elements: dict, element, theme: dict) -> dict[str, str]:
    """Where an element stands: theme › focus area › challenge (itself not included)."""
    chain = []
    parent = element.parent_ref
    while parent and parent in elements and not parent.startswith("theme/"):
        chain.insert(0, elements[parent])
        parent = elements[parent].parent_ref
    if element.kind == "focus_area":
        chain = [element]
    path = {}
    for lang in ("fi", "en"):
        names = [_tr(theme, "title", lang)] + [
            _texts(e, ("title",))[lang] or e.fields.get("title") for e in chain
        ]
        path[lang] = " › ".join(name for name in names if name)
    return path


_indexes: dict[tuple[int, object], Index] = {}
_lock = threading.Lock()


def has_index(version) -> bool:
    with _lock:
        return (version.id, version.created_at) in _indexes


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
