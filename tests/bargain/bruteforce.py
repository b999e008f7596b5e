"""An independent, deliberately plain reference for the package-deal analysis.

Works on the raw agenda mapping (as written in a scenario file), with Python floats and
loops over every package: no NumPy, no integer scaling, no chunks, no pre-filter. Ties and
strict comparisons use the 1e-9 tolerance of the definitions.
"""

from __future__ import annotations

import itertools

from detente.model.formula import parse_formula

TOL = 1e-9


def _value(v):
    return float(v["value"]) if isinstance(v, dict) else float(v)


def _option_ids(issue):
    return [o if isinstance(o, str) else o["id"] for o in issue["options"]]


def enumerate_packages(data):
    """Feasible packages (dicts) in package-number order, with each party's utility."""
    issues = data["issues"]
    parked = set(data.get("parked", []))
    free = [i for i in issues if i["id"] not in parked]
    formulas = [parse_formula(c if isinstance(c, str) else c["formula"])
                for c in data.get("constraints", [])]
    out = []
    for combo in itertools.product(*[_option_ids(i) for i in free]):
        pkg = {i["id"]: i["status_quo"] for i in issues}
        pkg.update({i["id"]: o for i, o in zip(free, combo, strict=False)})
        if all(f.evaluate(lambda a, pkg=pkg: pkg[a.issue] == a.option) for f in formulas):
            out.append((pkg, [utility(data, party, pkg) for party in data["parties"]]))
    return out


def utility(data, party, pkg):
    total_w = sum(float(w) for w in party["weights"].values())
    u = 0.0
    for issue in data["issues"]:
        w = float(party["weights"][issue["id"]]) / total_w
        vals = {o: _value(v) for o, v in party["values"].get(issue["id"], {}).items()}
        top = max(vals.values()) if vals else 0.0
        if w and top:
            u += w * vals[pkg[issue["id"]]] / top
    return u


def reservations(data):
    sq = {i["id"]: i["status_quo"] for i in data["issues"]}
    out = []
    for party in data["parties"]:
        r = party.get("reservation", "status_quo")
        out.append(utility(data, party, sq) if r == "status_quo" else float(r))
    return out


def same(a, b):
    return all(abs(x - y) <= TOL for x, y in zip(a, b, strict=False))


def dominates(a, b):
    pairs = list(zip(a, b, strict=True))
    return all(x >= y - TOL for x, y in pairs) and any(x > y + TOL for x, y in pairs)


def frontier(pkgs):
    """[(utilities, [packages in order], count)] of the non-dominated packages."""
    points = []
    for pkg, u in pkgs:
        if any(dominates(v, u) for _, v in pkgs):
            continue
        for p in points:
            if same(p[0], u):
                p[1].append(pkg)
                break
        else:
            points.append([u, [pkg]])
    return [(u, members, len(members)) for u, members in points]


def in_zopa(u, d):
    return all(x > y + TOL for x, y in zip(u, d, strict=False))


def nash_product(u, d):
    prod = 1.0
    for x, y in zip(u, d, strict=False):
        prod *= x - y
    return prod


def solutions(pkgs, d):
    """{name: (optimum, [packages attaining it within 1e-9])}, or None if the ZOPA is empty."""
    z = [(pkg, u) for pkg, u in pkgs if in_zopa(u, d)]
    if not z:
        return None
    ideal = [max(u[i] for _, u in z) for i in range(len(d))]

    indices = {
        "nash": lambda u: nash_product(u, d),
        "kalai_smorodinsky": lambda u: min(
            (x - y) / (a - y) for x, y, a in zip(u, d, ideal, strict=True)),
        "egalitarian": lambda u: min(x - y for x, y in zip(u, d, strict=False)),
        "utilitarian": lambda u: sum(u),
    }
    out = {}
    for name, f in indices.items():
        best = max(f(u) for _, u in z)
        out[name] = (best, [pkg for pkg, u in z if f(u) >= best - TOL])
    return out


def nash_ranking(pkgs, d):
    return sorted((nash_product(u, d) for _pkg, u in pkgs if in_zopa(u, d)), reverse=True)


def trades(data, pkgs, reference):
    """{(a, b): (best joint gain, number of improving changes)} from a reference package."""
    feasible = {tuple(sorted(p.items())): u for p, u in pkgs}
    parked = set(data.get("parked", []))
    free = [i for i in data["issues"] if i["id"] not in parked]
    ref_u = feasible[tuple(sorted(reference.items()))]
    out = {}
    for ia, ib in itertools.combinations(free, 2):
        best, n = None, 0
        for x in _option_ids(ia):
            for y in _option_ids(ib):
                if x == reference[ia["id"]] or y == reference[ib["id"]]:
                    continue
                pkg = dict(reference, **{ia["id"]: x, ib["id"]: y})
                u = feasible.get(tuple(sorted(pkg.items())))
                if u is None:
                    continue
                gains = [a - b for a, b in zip(u, ref_u, strict=False)]
                if all(g > TOL for g in gains):
                    n += 1
                    best = sum(gains) if best is None else max(best, sum(gains))
        if n:
            out[(ia["id"], ib["id"])] = (best, n)
    return out
