"""Built-in scenarios load, cite their sources, and reproduce the published results."""

from __future__ import annotations

import pytest

from detente.model.builtin import builtin_dir, list_builtin, resolve_builtin
from detente.model.conflict import Ranking
from detente.model.loader import load_all, load_conflict

NAMES = ["prisoners-dilemma", "chicken", "cuban-missile-crisis", "elmira"]


def test_builtin_dir_holds_the_yaml_files():
    assert builtin_dir().is_dir()
    listed = {name: (title, path) for name, title, path in list_builtin()}
    for name in NAMES:
        assert name in listed
        title, path = listed[name]
        assert title and path == resolve_builtin(name)


def test_catalogue_lists_what_the_reader_reads():
    # `detente scenarios` lists from a plain YAML read; the full reader must agree with it
    from detente.model.builtin import catalogue
    from detente.model.loader import list_models, load_document

    cat = catalogue()
    assert [(n, t, p) for n, t, _m, p in cat] == list_builtin()
    for name, title, models, path in cat:
        assert models == list_models(str(path)), name
        assert title == load_document(path).title, name


def test_resolve_builtin_refuses_paths():
    assert resolve_builtin("../model/conflict") is None
    assert resolve_builtin("") is None
    assert resolve_builtin("chicken.yaml") == resolve_builtin("chicken")


@pytest.mark.parametrize("name", [n for n, _t, _p in list_builtin()])
def test_every_builtin_loads_and_cites_sources(name):
    models = load_all(name)
    assert models
    for c in models.values():
        assert c.title and c.sources
        assert c.source_file is not None


def test_prisoners_dilemma_model():
    c = load_conflict("prisoners-dilemma")
    assert c.dm_names == ["Prisoner 1", "Prisoner 2"]
    p1, p2 = c.preferences
    d = c.decimal
    assert p1 == Ranking(((d("NY"),), (d("YY"),), (d("NN"),), (d("YN"),)))
    assert p2 == Ranking(((d("YN"),), (d("YY"),), (d("NN"),), (d("NY"),)))


def test_cuban_missile_crisis_model():
    c = load_conflict("cuban-missile-crisis")
    assert c.option_ids == ["air_strike", "blockade", "withdraw", "escalate"]
    assert [o.direction for o in c.options] == ["forward", "both", "both", "both"]
    assert c.pattern(c.status_quo) == "NNNN"
    for spec in c.preferences:
        assert sum(len(t) for t in spec.tiers) == 12


def test_elmira_model():
    c = load_conflict("elmira")
    assert c.option_ids == ["modify", "delay", "accept", "abandon", "insist"]
    assert [o.direction for o in c.options] == [
        "forward", "backward", "both", "forward", "both",
    ]
    assert c.exactly_one == ((1, 2, 3),)
    assert c.pattern(c.status_quo) == "NYNNN"
    for spec in c.preferences:
        assert sum(len(t) for t in spec.tiers) == 12
        assert max(len(t) for t in spec.tiers) == 4  # the four abandonment states tie


# Published stability results (Fang, Hipel & Kilgour 1993 for the crisis and Elmira; the
# textbook results for the two 2×2 games), found by the GMCR engine.
PUBLISHED = {
    "prisoners-dilemma": {
        "nash": ["NN"],
        "gmr": ["NN", "YY"],
        "smr": ["NN", "YY"],
        "seq": ["NN", "YY"],
        "sim": ["NN", "YY"],
    },
    "chicken": {
        "nash": ["YN", "NY"],
        "gmr": ["NN", "YN", "NY"],
        "smr": ["NN", "YN", "NY"],
        "seq": ["YN", "NY"],
        "sim": ["NN", "YN", "NY"],
    },
    "cuban-missile-crisis": {
        "nash": ["YNYN"],
        "gmr": ["NNNN", "YNNN", "NYNN", "NNYN", "YNYN", "NYYN", "YYYN"],
        "smr": ["NNNN", "YNNN", "NYNN", "NNYN", "YNYN", "NYYN", "YYYN"],
        "seq": ["NNYN", "YNYN", "NYYN"],
    },
    "elmira": {
        "nash": ["NNNYN", "YNNYN", "NYNNY", "YNYNY", "NNNYY", "YNNYY"],
        "seq": ["NNNYN", "YNNYN", "NYNNY", "YNYNY", "NNNYY", "YNNYY"],
        "gmr": ["NNNYN", "YNNYN", "NYNNY", "YNYNY", "NNNYY", "YNNYY", "NYNNN", "YNYNN"],
        "smr": ["NNNYN", "YNNYN", "NYNNY", "YNYNY", "NNNYY", "YNNYY", "NYNNN", "YNYNN"],
    },
}


@pytest.mark.parametrize(
    ("name", "concept"),
    [(name, concept) for name, results in PUBLISHED.items() for concept in results],
)
def test_published_equilibria(name, concept):
    import detente

    result = detente.analyze(load_conflict(name))
    assert sorted(result.equilibria[concept]) == sorted(PUBLISHED[name][concept])
