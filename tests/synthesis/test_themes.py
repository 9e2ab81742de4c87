"""Themes by meaning: measured on the labelled set, deterministic, and what each theme holds."""

import random

from tests.synthesis import labelled
from workshop.synthesis.collect import make_text
from workshop.synthesis.features import terms_of
from workshop.synthesis.themes import refine, themes_for

# The targets are ARI 0.45 per area and 65 % recovery. The ARI guard is the target
# (met in every area); recovery reaches 67 % (16/24, bench/synthesis.md: Leiden communities in
# consensus, then the loosely held texts placed by their ties), so its guard holds one theme
# below that, so that a change can only keep or improve it.
MIN_ARI = 0.45  # the target, met in every area
MIN_RECOVERY = 0.62
TARGET_ARI, TARGET_RECOVERY = 0.45, 0.65
# The fresh part (two focus areas written later, blind to the method) shows what the method
# does on texts it was never shaped on: below the targets (bench/synthesis.md, "The fresh
# part"). Its guards hold today's figures, so that a change can only keep or improve them,
# and a change tuned on the other parts is seen here if it costs more than it gains.
FRESH_MIN_ARI = 0.25  # uudistuva-teollisuus 0.32, bio-ja-kiertotalous 0.45
FRESH_MIN_RECOVERY = 4 / 12  # 5/12 reached: one theme below, as MIN_RECOVERY


def _ours(texts):
    return [theme.ids for theme in themes_for(texts).themes]


def _floor(texts):
    area = texts[0].focus_area
    count = len({label for label in labelled.load()[area][1].values() if label}) + 1
    return labelled.tfidf_clusters(texts, count)


def _print(name, report):
    found = sum(r["recovered"] for r in report.values())
    total = sum(r["themes"] for r in report.values())
    for area, r in report.items():
        print(f"{name} {area}: ARI {r['ari']:.3f}, recovered {r['recovered']}/{r['themes']}")
    print(f"{name}: recovery {found}/{total} = {found / total:.0%}")
    return found / total


def test_themes_beat_the_tfidf_floor_on_the_labelled_set():
    ours = labelled.evaluate(_ours, labelled.TUNED)
    floor = labelled.evaluate(_floor, labelled.TUNED)
    recovery = _print("themes", ours)
    floor_recovery = _print("tf-idf floor", floor)
    print(f"targets: ARI {TARGET_ARI} per area, recovery {TARGET_RECOVERY:.0%}")
    for area, result in ours.items():
        assert result["ari"] >= MIN_ARI, area
        assert result["ari"] > floor[area]["ari"] + 0.15, area
    assert recovery >= MIN_RECOVERY
    assert recovery > floor_recovery


def test_the_fresh_areas_are_grouped_far_above_the_floor():
    ours = labelled.evaluate(_ours, labelled.FRESH)
    floor = labelled.evaluate(_floor, labelled.FRESH)
    assert set(ours) == {"uudistuva-teollisuus", "bio-ja-kiertotalous"}
    recovery = _print("themes, fresh part", ours)
    _print("tf-idf floor, fresh part", floor)
    for area, result in ours.items():
        assert result["ari"] >= FRESH_MIN_ARI, area
        assert result["ari"] > floor[area]["ari"] + 0.15, area
    assert recovery >= FRESH_MIN_RECOVERY


def test_the_held_out_areas_are_grouped_as_well_as_the_tuned_ones():
    held_out = labelled.evaluate(_ours, "held_out")
    assert set(held_out) == {"elintarviketuotanto", "terveys-ja-hyvinvointi"}
    assert all(result["ari"] >= MIN_ARI for result in held_out.values())


def test_permitting_said_in_other_words_is_one_theme():
    texts, _labels = labelled.load()["energia"]
    # "Tuulivoiman luvitus kestää" and "Permitting takes years" share no word. The issue's
    # third, "kaavoitus jarruttaa tuulipuistoja" (reason:2), lands in the theme of local
    # opposition to planning in this set: bench/synthesis.md.
    wanted = {"reason:1", "reason:3"}
    theme_of = {i: n for n, theme in enumerate(themes_for(texts).themes) for i in theme.ids}
    assert len({theme_of.get(i) for i in wanted}) == 1
    assert theme_of.get("reason:1") is not None


def test_permitting_left_out_by_the_runs_joins_its_theme():
    texts, _labels = labelled.load()["energia"]
    # "The approval process for wind farms is slow" (reason:9) is in no theme of the consensus,
    # and "Lupakäsittely on pullonkaula" (reason:7) in skills in most runs; both are tied most
    # to permitting, and refine puts them there.
    theme_of = {i: n for n, theme in enumerate(themes_for(texts).themes) for i in theme.ids}
    assert theme_of.get("reason:1") is not None
    assert theme_of.get("reason:9") == theme_of.get("reason:7") == theme_of["reason:1"]


def _graph(count, edges):
    from scipy.sparse import csr_matrix

    rows = [a for a, b, _w in edges] + [b for a, b, _w in edges]
    columns = [b for a, b, _w in edges] + [a for a, b, _w in edges]
    weights = [w for _a, _b, w in edges] * 2
    return csr_matrix((weights, (rows, columns)), shape=(count, count))


def test_refine_places_loosely_held_and_left_out_texts_by_their_ties():
    from scipy.sparse import identity

    # Themes {0, 1, 2} and {3, 4, 5}; 6 in neither, tied to the first; 2 put in the first by
    # the runs only loosely, but tied to the second; 5 held as loosely, tied to nothing.
    graph = _graph(
        8,
        [(0, 1, 0.6), (0, 2, 0.1), (1, 2, 0.1), (2, 3, 0.5), (2, 4, 0.5), (3, 4, 0.6)]
        + [(0, 6, 0.5), (1, 6, 0.4), (5, 7, 0.05)],
    )
    consensus = identity(8, format="csr") + _graph(
        8, [(0, 1, 1.0), (0, 2, 0.5), (1, 2, 0.5), (3, 4, 1.0), (3, 5, 0.4), (4, 5, 0.4)]
    )
    assert refine(graph, consensus, [[0, 1, 2], [3, 4, 5]], 8) == [[0, 1, 6], [2, 3, 4]]
    # Texts the runs agree on keep their theme, however they are tied.
    agreed = identity(8, format="csr") + _graph(
        8, [(a, b, 1.0) for a, b in ((0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5))]
    )
    assert refine(graph, agreed, [[0, 1, 2], [3, 4, 5]], 8) == [[0, 1, 2, 6], [3, 4, 5]]
    assert refine(graph, consensus, [], 8) == []


def test_refine_puts_texts_that_would_swap_places_for_ever_in_muut():
    from scipy.sparse import identity

    # 2 and 5, each held loosely by its theme, are tied only to each other: moved at once,
    # each goes where the other was, round after round.
    graph = _graph(6, [(0, 1, 0.6), (3, 4, 0.6), (2, 5, 0.9)])
    consensus = identity(6, format="csr") + _graph(
        6, [(0, 1, 1.0), (0, 2, 0.3), (1, 2, 0.3), (3, 4, 1.0), (3, 5, 0.3), (4, 5, 0.3)]
    )
    assert refine(graph, consensus, [[0, 1, 2], [3, 4, 5]], 6) == [[0, 1], [3, 4]]


def test_the_same_texts_in_another_order_give_the_same_themes():
    texts, _labels = labelled.load()["digitaaliset-palvelut"]
    shuffled = list(texts)
    random.Random(7).shuffle(shuffled)
    first, second = themes_for(texts), themes_for(shuffled + shuffled[:5])
    assert first == second


def test_a_theme_has_a_label_quotes_group_counts_and_the_mean_score():
    texts, _labels = labelled.load()["energia"]
    theme_set = themes_for(texts)
    assert len(theme_set.themes) >= 4
    by_id = {text.id: text for text in texts}
    for theme in theme_set.themes:
        members = [by_id[i] for i in theme.ids]
        assert theme.size == len(theme.ids) >= 3
        assert 2 <= len(theme.quotes) <= 3
        assert set(theme.quotes) <= {text.text for text in members}
        assert sum(theme.by_group.values()) == theme.size
        assert theme.mean_score == round(sum(t.score for t in members) / len(members), 2)
        assert _made_of_its_texts(theme.label, members)
    assigned = {i for theme in theme_set.themes for i in theme.ids}
    assert assigned.isdisjoint({text.id for text in theme_set.unassigned})
    assert len(assigned) + len(theme_set.unassigned) == len(texts)


def _made_of_its_texts(label, members):
    """A short label that is one of the theme's texts or a run of words of one (a clause, or
    its beginning cut at a word and marked "…"), or whose every word is a word or a base form
    of a word of its texts ("Tietoturva pk-yritys taso" of "Tietoturva on jäänyt
    pk-yrityksissä heikolle tasolle")."""
    flat = [" ".join(t.text.split()).rstrip(" .!?,;:") for t in members]
    if not 0 < len(label) <= 60:
        return False
    run = f" {label.removesuffix('…').casefold()}"
    if any(run in f" {f.casefold()}" for f in flat):
        return True
    words = {w for t in members for w in terms_of(t.text)} | set(" ".join(flat).lower().split())
    return len(label.split()) <= 3 and all(w.lower() in words for w in label.split())


def test_labels_are_short_phrases_of_the_themes_own_texts_in_their_language():
    texts, _labels = labelled.load()["digitaaliset-palvelut"]
    by_id = {text.id: text for text in texts}
    for lang in ("fi", "en"):
        first = themes_for(texts, lang)
        again = themes_for(list(reversed(texts)), lang)
        assert [t.label for t in first.themes] == [t.label for t in again.themes]
        for theme in first.themes:
            members = [by_id[i] for i in theme.ids]
            assert _made_of_its_texts(theme.label, members), theme.label
            assert ", " not in theme.label or len(theme.label.split()) > 3  # no word list
            own_lang = [t for t in members if t.lang == lang]
            if own_lang:  # from a text in the requested language where the theme has one
                assert _made_of_its_texts(theme.label, own_lang), (lang, theme.label)


def test_texts_that_fit_no_theme_stay_visible_as_unassigned():
    texts = [
        make_text("reason", n, "yritykset", "energia", text, 3)
        for n, text in enumerate(
            ["Kahvi oli kylmää.", "Tuulivoiman luvitus kestää vuosia.", "Ei kommenttia."]
        )
    ]
    theme_set = themes_for(texts)
    assert theme_set.themes == []
    assert [t.id for t in theme_set.unassigned] == ["reason:0", "reason:1", "reason:2"]


def test_hostile_text_does_not_break_themes():
    texts = [
        make_text("comment", n, None, "energia", text)
        for n, text in enumerate(
            [
                "<script>alert(1)</script>",
                "🌬️🌬️ tuulivoima 🔥",
                "\u202eesrever",
                "x" * 100_000,
                "1234",
            ]
        )
    ]
    theme_set = themes_for(texts)
    total = sum(t.size for t in theme_set.themes) + len(theme_set.unassigned)
    assert total == 5
    assert all(len(q) <= 240 for t in theme_set.themes for q in t.quotes)


def test_themes_do_not_depend_on_the_state_of_igraphs_random_generator():
    # Leiden's order is random: each run is seeded, whatever ran before in the process.
    import igraph

    texts, _labels = labelled.load()["energia"]
    first = themes_for(texts)
    igraph.set_random_number_generator(random.Random(12345))
    igraph.Graph.Famous("Zachary").community_leiden(objective_function="modularity")
    assert themes_for(texts) == first


def _label_of(texts, terms):
    from workshop.synthesis.features import features_for
    from workshop.synthesis.themes import _label

    made = [make_text("reason", n, "yritykset", "energia", text, 3) for n, text in enumerate(texts)]
    return _label(terms, made, features_for([t.text for t in made]), "fi")


def test_a_long_reason_gives_its_clause_that_names_the_matter_as_the_label():
    label = _label_of(
        [
            "Meillä on ollut tosi vaikeaa koko vuoden, ulkomaisen rekrytoinnin lupaprosessit "
            "kestävät kuukausia, se on meille iso ongelma.",
            "Työlupien käsittely kestää liian kauan.",
        ],
        ["lupaprosessi", "rekrytointi"],
    )
    assert label == "Ulkomaisen rekrytoinnin lupaprosessit kestävät kuukausia"


def test_a_clause_label_drops_its_linking_word_and_is_never_a_relative_clause_alone():
    assert (
        _label_of(
            ["Jotain on tapahtunut matkan varrella, mutta vaikutukset eivät vielä näy."],
            ["vaikutus"],
        )
        == "Vaikutukset eivät vielä näy"
    )
    label = _label_of(
        ["Osaavista ohjelmistokehittäjistä on edelleen kova pula, mikä jarruttaa kasvua."],
        ["kasvu"],
    )
    assert not label.lower().startswith(("mikä", "jarruttaa"))
    # Any case of "joka" or "mikä" begins a relative clause.
    label = _label_of(
        [
            "Pohjois-Pohjanmaalla on kuntia, joissa tuulivoimahankkeet odottavat vuosia ja "
            "vuosia lupaa ennen kuin mitään tapahtuu."
        ],
        ["tuulivoimahanke"],
    )
    assert not label.lower().startswith("joissa"), label


def test_a_long_word_never_cuts_a_label_to_a_word_or_two():
    label = _label_of(
        ["Lue https://www.example.fi/strategia/tuulivoima-luvitus-ja-kaavoitus-raportti.pdf"],
        ["tuulivoima", "luvitus"],
    )
    assert label != "Lue…" and len(label) > 8, label


def test_a_label_is_cut_after_a_whole_word_and_not_after_a_linking_one():
    label = _label_of(
        [
            "Väestön ikääntyminen tekee ennaltaehkäisevistä ratkaisuista välttämättömiä "
            "koko maakunnassa."
        ],
        ["väestö", "ratkaisu"],
    )
    assert label == "Väestön ikääntyminen tekee ennaltaehkäisevistä ratkaisuista…"
