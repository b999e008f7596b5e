"""The briefing gathers the engines' results faithfully: every state it calls stable is an
equilibrium under the concepts it names, every path it shows is legal, its best stable
outcomes are exactly the Pareto-optimal SEQ equilibria it claims to pick from."""

from __future__ import annotations

import json

import pytest

import detente
from detente.report.briefing import KEY_CONCEPT, MAX_KEY_STATES, build_briefing
from tests.report.helpers import check_path, check_step, rank

SMALL = ["prisoners-dilemma", "chicken", "cuban-missile-crisis", "elmira"]


@pytest.fixture(scope="module", params=SMALL)
def small(request):
    return build_briefing(request.param)


def test_sections_answer_their_questions(small) -> None:
    keys = [s.key for s in small.sections]
    assert keys[:4] == ["findings", "equilibria", "status_quo", "paths"]
    for s in small.sections:
        assert s.question.endswith("?")
        assert s.answer and all(line.strip() for line in s.answer)
    json.dumps(small.to_dict())  # plain data throughout


def test_key_states_are_the_pareto_optimal_seq_equilibria(small) -> None:
    fresh = detente.analyze(small.focus.conflict)
    eq = fresh.equilibria[KEY_CONCEPT]
    names = fresh.conflict.dm_names
    ranks = {p: [rank(fresh, dm, p) for dm in names] for p in eq}

    def dominated(p: str) -> bool:
        return any(all(x >= y for x, y in zip(ranks[q], ranks[p], strict=True))
                   and ranks[q] != ranks[p] for q in eq)

    optimal = {p for p in eq if not dominated(p)}
    keys = [k["pattern"] for k in small.focus.key_states]
    assert set(keys) <= optimal
    assert len(keys) == min(len(optimal), MAX_KEY_STATES)
    for k in small.focus.key_states:
        for c in fresh.concepts:
            assert (c in k["equilibrium_under"]) == fresh.is_stable(k["pattern"], c)


def test_status_quo_claims(small) -> None:
    res = small.focus
    fresh = detente.analyze(res.conflict)
    sq = res.status_quo["pattern"]
    assert res.status_quo["stable_under"] == [c for c in fresh.concepts if fresh.is_stable(sq, c)]
    for dm, info in res.status_quo["by_dm"].items():
        assert info["stable_under"] == [c for c in fresh.concepts
                                        if fresh.is_stable(sq, c, dm)]
        for imp in info.get("improvements", []):
            check_step(fresh, {"mover": dm, "from": sq, "to": imp["to"],
                               "changed": {o.id: imp["to"][k]
                                           for k, o in enumerate(res.conflict.options)
                                           if sq[k] != imp["to"][k]}}, improving=True)
            if imp["sanction"]:
                check_path(fresh, imp["to"], imp["sanction"][-1]["to"], imp["sanction"])
                assert rank(fresh, dm, imp["sanction"][-1]["to"]) <= rank(fresh, dm, sq)


def test_paths_are_legal(small) -> None:
    res = small.focus
    fresh = detente.analyze(res.conflict)
    sq = res.status_quo["pattern"]
    for k in res.key_states:
        if k["path"] is not None and k["pattern"] != sq:
            check_path(fresh, sq, k["pattern"], k["path"]["steps"])
            assert k["path"]["count"] >= 1


def test_state_graph_edges_are_moves(small) -> None:
    res = small.focus
    fresh = detente.analyze(res.conflict)
    g = res.graph
    patterns = {n["pattern"] for n in g["nodes"]}
    assert sum(n["role"] == "status quo" for n in g["nodes"]) == 1
    for e in g["edges"]:
        assert e["from"] in patterns and e["to"] in patterns
        c = res.conflict
        step = {"mover": e["mover"].split(" + "), "from": e["from"], "to": e["to"],
                "changed": {o.id: e["to"][k] for k, o in enumerate(c.options)
                            if e["from"][k] != e["to"][k]}}
        check_step(fresh, step, improving=bool(e["improving"]))
        if e["kind"] == "move" and not e["improving"]:
            (dm,) = step["mover"]
            assert rank(fresh, dm, e["to"]) <= rank(fresh, dm, e["from"])


def test_cuban_missile_crisis_briefing_matches_published_results() -> None:
    b = build_briefing("cuban-missile-crisis")
    counts = b.section("equilibria").data["counts"]
    # Fang, Hipel & Kilgour (1993): Nash 1, GMR 7, SMR 7, SEQ 3.
    assert (counts["nash"], counts["gmr"], counts["smr"], counts["seq"]) == (1, 7, 7, 3)
    assert {k["pattern"] for k in b.focus.key_states} <= {"NNYN", "YNYN", "NYYN"}


def test_a_file_without_agenda_dynamics_or_assumptions_has_no_such_sections() -> None:
    keys = [s.key for s in build_briefing("chicken").sections]
    assert not {"deals", "dynamics", "assumptions", "models"} & set(keys)


def test_a_bad_source_is_a_model_error() -> None:
    from detente.model.errors import ModelError

    with pytest.raises(ModelError, match="Did you mean"):
        build_briefing("summit-2012")


def test_progress_is_reported() -> None:
    seen: list[str] = []
    build_briefing("chicken", progress=seen.append)
    assert seen and all(isinstance(m, str) and m for m in seen)


def test_a_model_without_status_quo(tmp_path) -> None:
    path = tmp_path / "standoff.yaml"
    path.write_text(
        "title: Stand-off\n"
        "sources: [\"A textbook example.\"]\n"
        "decision_makers:\n"
        "  - name: A\n"
        "    options: [{id: a}]\n"
        "    preferences: {ranking: [YN, YY, NN, NY]}\n"
        "  - name: B\n"
        "    options: [{id: b}]\n"
        "    preferences: {ranking: [NY, YY, NN, YN]}\n", encoding="utf-8")
    b = build_briefing(str(path))
    assert b.focus.status_quo is None and b.focus.graph is None
    assert "no status quo" in " ".join(b.section("status_quo").answer)
