"""GENIUS (XML) and GeniusWeb (JSON) negotiation domains: reading into an agenda, and export.

GENIUS, the negotiation platform of the Automated Negotiating Agents Competition (ANAC),
stores a scenario as a *domain* file (the issues and their items) and one *profile* (utility
space) file per party, holding issue weights, item evaluations and a reservation value.
GeniusWeb, its successor, uses JSON with the same additive model.

Utility convention. GENIUS computes a package's utility as Σ_i w_i · e_i(v_i) / max_v e_i(v)
with the weights normalised to sum to 1: each issue's evaluations are divided by that
issue's *largest* evaluation. détente reads GENIUS profiles with exactly this convention
(the same as its own agendas). Only an issue's *direct* ``<item>`` children are evaluations;
items nested in ``similarity_function`` / ``criteria_function`` blocks are ignored. GeniusWeb
value utilities are already on the 0–1 scale and are used as given.

Files from strangers: XML is parsed with ``defusedxml`` (no DTD entities, no external
entities: entity-expansion bombs and XXE are refused), files are capped in size and issues
and items in number; integer and real issues are refused with a clear message.

Export: :func:`write_genius` writes a domain file and a profile per party, so that ANAC
agents can negotiate an agenda. Parked issues are left out and constraints cannot be
expressed in GENIUS (both are reported); each party's utility over the issues on the table
is written as an equivalent positive affine transformation (the Pareto frontier, the ZOPA and
the Nash and Kalai–Smorodinsky packages are unchanged).

Examples
--------
>>> import tempfile, pathlib
>>> from detente.model.agenda import agenda_from_dict
>>> agenda = agenda_from_dict({
...     "issues": [{"id": "pay", "options": ["freeze", "rise"], "status_quo": "freeze"}],
...     "parties": [
...         {"id": "union", "weights": {"pay": 1}, "values": {"pay": {"freeze": 0, "rise": 4}}},
...         {"id": "board", "weights": {"pay": 1}, "values": {"pay": {"freeze": 2, "rise": 1}}}]})
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> written = write_genius(agenda, out)
>>> [p.name for p in written.files]
['agenda-domain.xml', 'union.xml', 'board.xml']
>>> again = read_genius(written.files[0], written.files[1:])
>>> float(again.utility("board", {"pay": "rise"}))
0.5
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import defusedxml
from defusedxml.ElementTree import fromstring as safe_fromstring

from detente.model.agenda import (
    Agenda,
    AgendaOption,
    Issue,
    Party,
    Valuation,
    exact_number,
)
from detente.model.errors import ModelError, describe, did_you_mean, shown
from detente.model.files import write_files
from detente.model.yamlio import parse_json, read_bytes

__all__ = [
    "read_genius",
    "read_genius_domain",
    "read_genius_profile",
    "write_genius",
    "GeniusExport",
    "MAX_GENIUS_BYTES",
    "MAX_ISSUES",
    "MAX_ITEMS",
]

#: GENIUS/GeniusWeb files larger than this are refused before parsing.
MAX_GENIUS_BYTES = 10 * 1024 * 1024
#: At most this many issues in a domain.
MAX_ISSUES = 256
#: At most this many items per issue.
MAX_ITEMS = 100_000


def _read_bytes(path: str | Path) -> bytes:
    return read_bytes(path, "GENIUS", MAX_GENIUS_BYTES)


def _is_json(path: str | Path, raw: bytes) -> bool:
    return str(path).lower().endswith(".json") or raw.lstrip()[:1] in (b"{", b"[")


def _parse_xml(path: str | Path, raw: bytes) -> ET.Element:
    try:
        return safe_fromstring(raw, forbid_dtd=False, forbid_entities=True,
                              forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise ModelError(
            f"refused: the XML declares entities or external references ({type(exc).__name__});"
            " GENIUS files need none, and such declarations are how entity-expansion bombs "
            "and external-entity attacks work", file=str(path)) from None
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise ModelError(f"not valid XML: {exc}", file=str(path), line=line) from None


def _parse_json(path: str | Path, raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelError(f"not UTF-8 text (byte {exc.start})", file=str(path)) from None
    return parse_json(text, str(path))


def _mapping(value: Any, what: str, file: str, fld: str | None) -> dict:
    """``value`` when it is a JSON object; otherwise a located ModelError."""
    if not isinstance(value, dict):
        raise ModelError(f"{what} must be a mapping (a JSON object), got {describe(value)}",
                         file=file, field=fld)
    return value


def _number(text: Any, what: str, file: str, fld: str) -> Fraction:
    """An XML attribute (text or ``None``) or a JSON number as an exact number."""
    if text is None:
        raise ModelError(f"{what} is missing", file=file, field=fld)
    try:
        return exact_number(text)
    except ValueError as exc:
        raise ModelError(f"{what} must be a number: {exc}", file=file, field=fld) from None


# --------------------------------------------------------------------------- domain


@dataclass
class _Domain:
    name: str
    issues: list[Issue]
    xml_index: list[str | None]  # GENIUS issue index attribute per issue
    file: str


def read_genius_domain(path: str | Path) -> _Domain:
    """Read a GENIUS domain (XML) or GeniusWeb domain (JSON): its discrete issues.

    Raises
    ------
    ModelError
        On unreadable or hostile files, non-discrete issues, too many issues or items.
    """
    raw = _read_bytes(path)
    file = str(path)
    if _is_json(path, raw):
        data = _parse_json(path, raw)
        if not isinstance(data, dict) or not isinstance(data.get("issuesValues"), dict):
            raise ModelError("a GeniusWeb domain needs an `issuesValues` mapping", file=file)
        issues: list[Issue] = []
        for name, spec in data["issuesValues"].items():
            fld = f"issuesValues.{name}"
            values = spec.get("values") if isinstance(spec, dict) else None
            if isinstance(spec, dict) and "range" in spec:
                raise ModelError(f"issue {shown(name)} is a number issue (range); détente reads "
                                 "discrete issues only", file=file, field=fld)
            if not isinstance(values, list) or not values:
                raise ModelError(f"issue {shown(name)} needs a non-empty `values` list",
                                 file=file, field=fld)
            for j, v in enumerate(values):
                if not isinstance(v, str):  # GeniusWeb writes discrete values as strings
                    raise ModelError(f"a discrete value is a text string, got {describe(v)}",
                                     file=file, field=f"{fld}.values[{j}]")
            issues.append(_issue(name, values, file, fld))
        _check_sizes(issues, file)
        title = data.get("name")
        return _Domain(title if isinstance(title, str) and title else Path(path).stem, issues,
                       [None] * len(issues), file)
    root = _parse_xml(path, raw)
    objective = root.find(".//objective")
    if objective is None:
        raise ModelError("a GENIUS domain needs an <objective> holding <issue> elements",
                         file=file)
    issues, index = [], []
    for k, el in enumerate(objective.iter("issue")):
        name = el.get("name")
        fld = f"issue[{k}]"
        if not name:
            raise ModelError("an <issue> has no name", file=file, field=fld)
        for attr in ("type", "etype", "vtype"):
            kind = el.get(attr)
            if kind is not None and kind.lower() != "discrete":
                raise ModelError(
                    f"issue {name!r} is of type {kind!r}; détente reads discrete issues only "
                    "(integer and real GENIUS issues are not supported yet: list their values "
                    "as items)", file=file, field=fld)
        items = [it.get("value") for it in el.findall("item")]
        if any(v is None for v in items):
            raise ModelError(f"an <item> of issue {name!r} has no value", file=file, field=fld)
        issues.append(_issue(name, items, file, fld))  # type: ignore[arg-type]
        index.append(el.get("index"))
    if not issues:
        raise ModelError("the domain has no issues", file=file)
    _check_sizes(issues, file)
    name = objective.get("name") or Path(path).stem
    return _Domain(name, issues, index, file)


def _issue(name: str, values: list[str], file: str, fld: str) -> Issue:
    if len(set(values)) != len(values):
        dup = next(v for v in values if values.count(v) > 1)
        raise ModelError(f"issue {name!r} lists value {dup!r} twice", file=file, field=fld)
    if not values:
        raise ModelError(f"issue {name!r} has no items", file=file, field=fld)
    return Issue(name, tuple(AgendaOption(v) for v in values), None)


def _check_sizes(issues: list[Issue], file: str) -> None:
    if len(issues) > MAX_ISSUES:
        raise ModelError(f"the domain has {len(issues)} issues; at most {MAX_ISSUES} are read",
                         file=file)
    names = [i.id for i in issues]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise ModelError(f"issue name {dup!r} is used twice", file=file)
    for i in issues:
        if len(i.options) > MAX_ITEMS:
            raise ModelError(f"issue {i.id!r} has {len(i.options)} items; at most {MAX_ITEMS} "
                             "are read", file=file)


# --------------------------------------------------------------------------- profiles


def read_genius_profile(path: str | Path, domain: _Domain, party_id: str | None = None) -> Party:
    """Read one GENIUS (XML) or GeniusWeb (JSON, linear additive) profile for ``domain``.

    The party is named by the file name without extension unless ``party_id`` is given.
    GENIUS evaluations are divided by each issue's largest evaluation (GENIUS's own
    convention); weights are normalised to sum to 1.
    """
    raw = _read_bytes(path)
    pid = party_id or Path(path).stem
    if _is_json(path, raw):
        return _geniusweb_profile(path, _parse_json(path, raw), domain, pid)
    return _genius_profile(path, _parse_xml(path, raw), domain, pid)


def _genius_profile(path: Any, root: ET.Element, domain: _Domain, pid: str) -> Party:
    file = str(path)
    names = [i.id for i in domain.issues]
    by_index = {ix: k for k, ix in enumerate(domain.xml_index) if ix is not None}
    evals: dict[int, dict[str, Fraction]] = {}
    profile_index: dict[str, int] = {}
    for n, el in enumerate(root.iter("issue")):
        fld = f"issue[{n}]"
        name, ix = el.get("name"), el.get("index")
        if name is not None:
            if name not in names:
                raise ModelError(f"issue {name!r} is not in the domain. "
                                 + did_you_mean(name, names), file=file, field=fld)
            k = names.index(name)
        elif ix is not None and ix in by_index:
            k = by_index[ix]
        else:
            raise ModelError("an <issue> has neither a name nor an index of the domain",
                             file=file, field=fld)
        if ix is not None:
            profile_index[ix] = k
        options = domain.issues[k].option_ids
        known = set(options)  # a list lookup per item was quadratic in the items
        row: dict[str, Fraction] = {}
        for it in el.findall("item"):  # direct children only: nested items are ignored
            value = it.get("value")
            if value not in known:
                raise ModelError(f"issue {names[k]!r} has no item {value!r}. "
                                 + did_you_mean(str(value), options), file=file, field=fld)
            e = _number(it.get("evaluation"), f"the evaluation of item {value!r}", file, fld)
            if e < 0:
                raise ModelError(f"evaluations must be non-negative; item {value!r} of issue "
                                 f"{names[k]!r} has {it.get('evaluation')}", file=file, field=fld)
            row[value] = e
        evals[k] = row
    weights: dict[int, Fraction] = {}
    for n, el in enumerate(root.iter("weight")):
        fld = f"weight[{n}]"
        ix = el.get("index")
        wk = profile_index.get(ix) if ix is not None else None
        if wk is None and ix is not None:
            wk = by_index.get(ix)
        if wk is None:
            raise ModelError(f"<weight index={ix!r}> matches no issue", file=file, field=fld)
        w = _number(el.get("value"), "a weight's value", file, fld)
        if w < 0:
            raise ModelError(f"weights must be non-negative, got {el.get('value')}", file=file,
                             field=fld)
        weights[wk] = w
    res_el = root.find(".//reservation")
    reservation = Fraction(0)
    if res_el is not None:
        reservation = _number(res_el.get("value"), "the reservation value", file, "reservation")
        if not 0 <= reservation <= 1:
            raise ModelError(f"the reservation value must be between 0 and 1, got "
                             f"{res_el.get('value')}", file=file, field="reservation")
    return _build_party(pid, domain, evals, weights, reservation, file, normalise=True)


def _geniusweb_profile(path: Any, data: Any, domain: _Domain, pid: str) -> Party:
    file = str(path)
    if not isinstance(data, dict) or "LinearAdditiveUtilitySpace" not in data:
        kinds = ", ".join(map(str, data)) if isinstance(data, dict) else type(data).__name__
        raise ModelError(f"détente reads GeniusWeb linear additive profiles "
                         f"(LinearAdditiveUtilitySpace); this file holds {kinds}", file=file)
    space = _mapping(data["LinearAdditiveUtilitySpace"], "LinearAdditiveUtilitySpace", file,
                     "LinearAdditiveUtilitySpace")
    names = [i.id for i in domain.issues]
    evals: dict[int, dict[str, Fraction]] = {}
    utilities = space.get("issueUtilities")
    utilities = {} if utilities is None else _mapping(
        utilities, "'issueUtilities' (issue → utilities)", file, "issueUtilities")
    for name, spec in utilities.items():
        fld = f"issueUtilities.{name}"
        if name not in names:
            raise ModelError(f"issue {shown(name)} is not in the domain. "
                             + did_you_mean(name, names), file=file, field=fld)
        k = names.index(name)
        spec = _mapping(spec, f"the utilities of issue {shown(name)}", file, fld)
        key = next((key for key in ("discreteutils", "DiscreteValueSetUtilities")
                    if key in spec), None)
        if key is None:
            raise ModelError(f"issue {shown(name)} has no discrete value utilities (number "
                             "issues are not supported yet)", file=file, field=fld)
        inner = _mapping(spec[key], f"{key!r}", file, f"{fld}.{key}")
        vu = inner.get("valueUtilities")
        vu = {} if vu is None else _mapping(vu, "'valueUtilities' (value → utility)", file,
                                            f"{fld}.{key}.valueUtilities")
        options = domain.issues[k].option_ids
        row: dict[str, Fraction] = {}
        for value, u in vu.items():
            if value not in options:
                raise ModelError(f"issue {shown(name)} has no value {shown(value)}. "
                                 + did_you_mean(value, options), file=file, field=fld)
            f = _number(u, f"the utility of {shown(value)}", file, f"{fld}.{value}")
            if not 0 <= f <= 1:
                raise ModelError(f"value utilities are on the 0–1 scale; {shown(value)} has "
                                 f"{shown(u)}", file=file, field=f"{fld}.{value}")
            row[value] = f
        evals[k] = row
    weights: dict[int, Fraction] = {}
    raw_weights = space.get("issueWeights")
    raw_weights = {} if raw_weights is None else _mapping(
        raw_weights, "'issueWeights' (issue → weight)", file, "issueWeights")
    for name, w in raw_weights.items():
        if name not in names:
            raise ModelError(f"issue {shown(name)} is not in the domain. "
                             + did_you_mean(name, names), file=file, field=f"issueWeights.{name}")
        wv = _number(w, "a weight", file, f"issueWeights.{name}")
        if wv < 0:
            raise ModelError(f"weights must be non-negative, got {shown(w)}", file=file,
                             field=f"issueWeights.{name}")
        weights[names.index(name)] = wv
    party = _build_party(pid, domain, evals, weights, Fraction(0), file, normalise=False)
    bid = space.get("reservationBid")
    if bid is not None:
        bid = _mapping(bid, "'reservationBid'", file, "reservationBid")
        values = bid.get("issuevalues", bid)
        values = _mapping(values, "'issuevalues' (issue → value)", file,
                          "reservationBid.issuevalues")
        total = Fraction(0)
        for k, iss in enumerate(domain.issues):
            v = values.get(iss.id)
            if v not in iss.option_ids:
                raise ModelError(f"the reservation bid gives issue {iss.id!r} no valid value",
                                 file=file, field="reservationBid")
            total += party.weights[k] * party.scores[k][iss.option_ids.index(v)]
        party = Party(party.id, party.weights, party.values, party.scores, total, party.label)
    return party


def _build_party(pid: str, domain: _Domain, evals: dict[int, dict[str, Fraction]],
                 weights: dict[int, Fraction], reservation: Fraction | None, file: str, *,
                 normalise: bool) -> Party:
    k_all = range(len(domain.issues))
    for k in k_all:
        if k not in weights:
            raise ModelError(f"no weight for issue {domain.issues[k].id!r}", file=file)
    total = sum(weights.values(), Fraction(0))
    if total == 0:
        raise ModelError("every issue has weight 0", file=file)
    values, scores = [], []
    for k in k_all:
        iss = domain.issues[k]
        row = evals.get(k, {})
        if weights[k] > 0:
            missing = [o for o in iss.option_ids if o not in row]
            if missing:
                raise ModelError(f"issue {iss.id!r}: no evaluation for item(s) "
                                 + ", ".join(map(repr, missing)), file=file)
        vals = [row.get(o, Fraction(0)) for o in iss.option_ids]
        top = max(vals)
        if normalise:
            if top == 0 and weights[k] > 0:
                raise ModelError(f"every item of issue {iss.id!r} is evaluated 0, so GENIUS's "
                                 "normalisation (divide by the largest evaluation) is undefined",
                                 file=file)
            sc = [v / top if top else Fraction(0) for v in vals]
        else:
            sc = vals
        values.append(tuple(Valuation(v) for v in vals))
        scores.append(tuple(sc))
    return Party(pid, tuple(weights[k] / total for k in k_all), tuple(values), tuple(scores),
                 reservation)


def read_genius(domain: str | Path, profiles: Sequence[str | Path]) -> Agenda:
    """Read a GENIUS / GeniusWeb domain and its profiles (two or more) into an :class:`Agenda`.

    Each party is named by its profile file's name without extension; issues and options are
    the GENIUS issue names and item values. The agenda has no status quo (GENIUS has none):
    reservations are the profiles' reservation values (0 when absent).

    Raises
    ------
    ModelError
        On any problem with the files (see :func:`read_genius_domain`).
    """
    dom = read_genius_domain(domain)
    if len(profiles) < 2:
        raise ModelError(f"a negotiation needs two or more profiles; got {len(profiles)}",
                         field="PROFILES")
    parties: list[Party] = []
    for path in profiles:
        party = read_genius_profile(path, dom)
        if any(p.id == party.id for p in parties):
            raise ModelError(f"two profiles are named {party.id!r}; parties are named by "
                             "their profile file names", file=str(path))
        parties.append(party)
    return Agenda(tuple(dom.issues), tuple(parties), (), (), dom.name, str(domain),
                  ("GENIUS convention: evaluations divided by each issue's largest",))


# --------------------------------------------------------------------------- export


@dataclass
class GeniusExport:
    """What :func:`write_genius` wrote, and what GENIUS cannot express."""

    files: list[Path]
    warnings: list[str] = field(default_factory=list)


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.\-]+", "_", text).strip("._") or "party"


def write_genius(agenda: Agenda, outdir: str | Path, name: str = "agenda") -> GeniusExport:
    """Write ``agenda`` as a GENIUS domain file and one profile per party in ``outdir``.

    Each party's utility over the issues on the table is written as
    u' = (u − c) / s, with c the parked issues' fixed contribution and s the largest possible
    contribution of the issues on the table: a positive affine transformation, under which
    the Pareto frontier, the ZOPA and the Nash and Kalai–Smorodinsky solutions are unchanged.
    The reservation is transformed the same way (and kept within 0–1).

    Returns
    -------
    GeniusExport
        The files (domain first, then the profiles in party order) and warnings about what
        GENIUS cannot express (constraints, parked issues, the status quo).
    """
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise ModelError("is a file, not a folder", file=str(out))
    free = agenda.free_issues
    warnings: list[str] = []
    if agenda.constraints:
        warnings.append("GENIUS has no constraints; these were not exported: "
                        + "; ".join(c.text for c in agenda.constraints))
    if agenda.parked:
        warnings.append("parked issues were left out: "
                        + ", ".join(agenda.issues[i].id for i in agenda.parked))
    stem = _safe_name(name)
    files = [out / f"{stem}-domain.xml"]
    title = agenda.title or stem

    def objective(parent: ET.Element) -> ET.Element:
        return ET.SubElement(parent, "objective", index="0", etype="objective",
                             type="objective", description="", name=title)

    def issue(parent: ET.Element, n: int, iss: Issue) -> ET.Element:
        return ET.SubElement(parent, "issue", index=str(n), etype="discrete", type="discrete",
                             vtype="discrete", name=iss.id)

    root = ET.Element("negotiation_template")
    us = ET.SubElement(root, "utility_space", number_of_issues=str(len(free)))
    obj = objective(us)
    for n, i in enumerate(free, start=1):
        iss = agenda.issues[i]
        el = issue(obj, n, iss)
        for m, o in enumerate(iss.options, start=1):
            ET.SubElement(el, "item", index=str(m), value=o.id, description=o.label)
    contents = {files[0].name: _xml(root)}

    used: set[str] = set()
    sq = agenda.status_quo() if agenda.parked else None
    for party in agenda.parties:
        c = sum((party.weights[i] * party.scores[i][sq[i]] for i in agenda.parked),
                Fraction(0)) if sq else Fraction(0)
        tops = {i: max(party.scores[i]) for i in free}
        s = sum((party.weights[i] * tops[i] for i in free), Fraction(0))
        if s == 0:
            raise ModelError(f"party {party.id!r} cares about no issue on the table, so GENIUS "
                             "cannot express its preferences")
        res = agenda.reservation_value(party)
        r = min(max((res - c) / s, Fraction(0)), Fraction(1))
        fname = _safe_name(party.id)
        while fname in used or fname == f"{stem}-domain":
            fname += "_"
        used.add(fname)
        root = ET.Element("utility_space")
        obj = objective(root)
        for n, i in enumerate(free, start=1):
            iss = agenda.issues[i]
            el = issue(obj, n, iss)
            for m, (o, v) in enumerate(zip(iss.options, party.values[i], strict=True),
                                       start=1):
                ET.SubElement(el, "item", index=str(m), value=o.id,
                              evaluation=_dec(v.value))
        for n, i in enumerate(free, start=1):
            ET.SubElement(obj, "weight", index=str(n), value=_dec(party.weights[i] * tops[i] / s))
        ET.SubElement(root, "reservation", value=_dec(r))
        ET.SubElement(root, "discount_factor", value="1.0")
        path = out / f"{fname}.xml"
        contents[path.name] = _xml(root)
        files.append(path)
        if fname != party.id:
            warnings.append(f"party {party.id!r} was written as {path.name}")
    # All or nothing, atomically: a failure halfway leaves no partial set of files.
    write_files(out, contents, create=True)
    return GeniusExport(files, warnings)


def _dec(x: Fraction) -> str:
    if x.denominator == 1:
        return str(x.numerator)
    return repr(float(x))


#: Characters XML 1.0 forbids (ElementTree would write them raw, making the file unreadable).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(root: ET.Element) -> bytes:
    for el in root.iter():  # a control character in a label is written as a visible escape
        for key, value in el.attrib.items():
            el.attrib[key] = _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}"
                                          if ord(m.group()) < 0x100
                                          else f"\\u{ord(m.group()):04x}", value)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
