"""Hypothesis strategies: random small agendas in the scenario-file form (plain mappings)."""

from __future__ import annotations

from hypothesis import strategies as st

from detente.model.formula import parse_formula


@st.composite
def agendas(draw, max_issues: int = 4, max_options: int = 4, max_parties: int = 4):
    n_issues = draw(st.integers(1, max_issues))
    issues = []
    for i in range(n_issues):
        n_opt = draw(st.integers(1, max_options))
        opts = [f"o{i}{k}" for k in range(n_opt)]
        issues.append({"id": f"i{i}", "options": opts,
                       "status_quo": opts[draw(st.integers(0, n_opt - 1))]})
    n_parties = draw(st.integers(2, max_parties))
    parties = []
    for p in range(n_parties):
        weights = {iss["id"]: draw(st.integers(0, 3)) for iss in issues}
        if not any(weights.values()):
            weights[issues[0]["id"]] = 1
        values = {}
        for iss in issues:
            vals = {o: draw(st.integers(0, 4)) for o in iss["options"]}
            if weights[iss["id"]] and not any(vals.values()):
                vals[iss["options"][0]] = 1
            if draw(st.booleans()) and weights[iss["id"]]:
                first = iss["options"][0]
                vals[first] = {"value": vals[first], "rationale": "why", "source": "where"}
            values[iss["id"]] = vals
        reservation = draw(st.sampled_from(["status_quo", "status_quo", 0, 0.25, 0.5, 0.6]))
        parties.append({"id": f"p{p}", "weights": weights, "values": values,
                        "reservation": reservation})
    data = {"issues": issues, "parties": parties}
    # constraints that the status quo satisfies
    sq = {i["id"]: i["status_quo"] for i in issues}
    constraints = []
    for _ in range(draw(st.integers(0, 2))):
        a, b = draw(st.sampled_from(issues)), draw(st.sampled_from(issues))
        x, y = draw(st.sampled_from(a["options"])), draw(st.sampled_from(b["options"]))
        op = draw(st.sampled_from(["iff", "if", "or", "and not"]))
        text = f"{a['id']} = {x} {op} {b['id']} = {y}"
        if parse_formula(text).evaluate(lambda atom: sq[atom.issue] == atom.option):
            constraints.append(text)
    if constraints:
        data["constraints"] = constraints
    if n_issues > 1 and draw(st.booleans()):
        data["parked"] = [issues[draw(st.integers(0, n_issues - 1))]["id"]]
    return data
