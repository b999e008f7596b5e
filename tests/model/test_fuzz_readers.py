"""Seeded fuzzing of every reader: hostile variants of the valid files must load, or be refused
with a :class:`ModelError` naming the file; never another exception, never a hang.

Each property takes the valid files of one format (the built-in scenarios, the test data),
applies a few structural mutations — a node replaced by a list, a mapping, text, a huge
integer, a huge exponent, NaN, a deeply nested value, control characters, nothing; a key
dropped or renamed; an item duplicated; the file cut short — and loads the result with the
reader the command line uses. Small models that load are analysed as well, and whatever an
analysis reports must be finite. Every example runs under a time limit (a hang fails).

The examples are derandomized (the same on every run); ``DETENTE_FUZZ_EXAMPLES`` sets how many
per reader (default 40; a long local run: a few thousand).
"""

from __future__ import annotations

import copy
import json
import math
import os
import signal
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.model.errors import ModelError

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "src" / "detente" / "scenarios").glob("*.yaml"))
WATER = ROOT / "tests" / "bargain" / "water.yaml"
GENIUS = ROOT / "tests" / "data" / "genius"
GMCR = sorted((ROOT / "tests" / "data" / "gmcr-cases").glob("*.gmcr"))[:4]

EXAMPLES = int(os.environ.get("DETENTE_FUZZ_EXAMPLES", "40"))
#: ``DETENTE_FUZZ_RANDOM=1`` explores new examples on each run (for long local runs).
FUZZ = settings(max_examples=EXAMPLES, derandomize=not os.environ.get("DETENTE_FUZZ_RANDOM"),
                database=None, deadline=None, suppress_health_check=list(HealthCheck))
#: Seconds an example may take (loading and, for small models, analysing).
TIME_LIMIT = 30


def _deep(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


#: Values a mutation puts in place of a node.
HOSTILE: list[Any] = [
    [], {}, "", " ", "x", "YN", "status_quo", "TFT", "0", "-1", "\x1b[31mred\x07", "\u202e\u0000",
    "a" * 5000, "9" * 5000, "1e999999999", "-1e-999999999", "NaN", "3/0", 10**400, 2**63,
    -(10**30), 1e308, -1e308, 5e-324, 1.5, -1, 0, 1, True, False, None, math.nan, math.inf,
    -math.inf, _deep(150), _deep(30), {"a": {"b": {"c": []}}}, [[1, "Y"]], [0, 1, [2, [3]]],
    {"value": "1e999999999"}, {"tie": []},
]
HOSTILE_KEYS = ["", "yes", "True", "x" * 5000, "\x1b", "1e999999999", "<<", "~", "id"]


# -- mutations of parsed data ------------------------------------------------------------------
def _paths(node: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*path, i))


def _mutate(data: Any, draw: Callable[[st.SearchStrategy], Any]) -> Any:
    paths = list(_paths(data))
    path = draw(st.sampled_from(paths))
    kind = draw(st.sampled_from(["replace", "replace", "replace", "drop", "duplicate", "wrap",
                                 "rename", "emptycontainer"]))
    if not path:
        return copy.deepcopy(draw(st.sampled_from(HOSTILE))) if kind == "replace" else data
    parent = data
    for k in path[:-1]:
        parent = parent[k]
    key = path[-1]
    if kind == "replace":
        parent[key] = copy.deepcopy(draw(st.sampled_from(HOSTILE)))
    elif kind == "drop":
        del parent[key]
    elif kind == "duplicate":
        if isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        else:
            parent[str(key) + "_"] = copy.deepcopy(parent[key])
    elif kind == "wrap":
        parent[key] = draw(st.sampled_from([[parent[key]], {"x": parent[key]}]))
    elif kind == "rename" and isinstance(parent, dict):
        parent[draw(st.sampled_from(HOSTILE_KEYS))] = parent.pop(key)
    elif kind == "emptycontainer":
        parent[key] = type(parent[key])() if isinstance(parent[key], list | dict) else None
    return data


@st.composite
def mutated(draw, seeds: list[Any]) -> Any:
    data = copy.deepcopy(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 3))):
        data = _mutate(data, draw)
    return data


@st.composite
def cut(draw, text: str) -> str:
    """The text cut short, or with a character inserted, or unchanged."""
    how = draw(st.sampled_from(["keep", "keep", "truncate", "insert"]))
    if how == "keep" or not text:
        return text
    at = draw(st.integers(0, len(text) - 1))
    if how == "truncate":
        return text[:at]
    junk = draw(st.sampled_from(["\t", "\x00", "\x1b", "{", "[", "]", ":", "'", "&a", "*a",
                                 "\ufeff", "\ud800", "\n- ", "<", "&amp"]))
    return text[:at] + junk + text[at:]


# -- running a reader --------------------------------------------------------------------------
class _HangError(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    def alarm(signum, frame):  # noqa: ARG001
        raise _HangError

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _HangError:
        pytest.fail(f"hang: no answer within {seconds} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _finite(value: Any, where: str = "") -> None:
    """Every number in a result (as plain data) is finite."""
    stack = [(value, where)]
    while stack:
        v, w = stack.pop()
        if isinstance(v, float):
            assert math.isfinite(v), f"non-finite number at {w}"
        elif isinstance(v, dict):
            stack.extend((x, f"{w}.{k}") for k, x in v.items())
        elif isinstance(v, list | tuple):
            stack.extend((x, f"{w}[{i}]") for i, x in enumerate(v))


def _answered(run: Callable[[], Any], file: str, *, located: bool = True) -> Any:
    """``run()``'s result, or ``None`` when it raised a ModelError (naming the file, when
    ``located``: reading; an analysis may refuse a model for its size, which has no place)."""
    with _time_limit(TIME_LIMIT):
        try:
            return run()
        except ModelError as exc:
            assert exc.file or not located, f"a ModelError without a file: {exc}"
            assert len(str(exc)) < 3000, "an unreadably long message"
            return None


def _write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    return path


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


# -- conflict models ---------------------------------------------------------------------------
def _analyse_conflicts(path: Path) -> None:
    from detente import analyze
    from detente.model.loader import load_all

    conflicts = _answered(lambda: load_all(path), str(path))
    for conflict in (conflicts or {}).values():
        if conflict.n_options <= 8:
            result = _answered(lambda c=conflict: analyze(c), str(path), located=False)
            if result is not None:
                _finite(result.to_dict(), "analysis")


SCENARIO_DATA = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in SCENARIOS]


@FUZZ
@given(st.data())
def test_yaml_scenarios(tmp_path_factory, data) -> None:
    doc = data.draw(mutated(SCENARIO_DATA))
    text = data.draw(cut(_yaml(doc)))
    _analyse_conflicts(_write(tmp_path_factory.mktemp("f"), "model.yaml", text))


SMALL_SCENARIOS = [d for p, d in zip(SCENARIOS, SCENARIO_DATA, strict=True)
                   if "summit" not in p.name]


@FUZZ
@given(st.data())
def test_json_scenarios(tmp_path_factory, data) -> None:
    doc = data.draw(mutated(SMALL_SCENARIOS))
    text = data.draw(cut(json.dumps(doc, ensure_ascii=False)))
    _analyse_conflicts(_write(tmp_path_factory.mktemp("f"), "model.json", text))


GMCR_DATA = [json.loads(p.read_text(encoding="utf-8")) for p in GMCR]


@FUZZ
@given(st.data())
def test_gmcr_files(tmp_path_factory, data) -> None:
    doc = data.draw(mutated(GMCR_DATA))
    if data.draw(st.booleans()):  # manual rankings: state numbers over the feasible states
        doc = copy.deepcopy(doc) if isinstance(doc, dict) else doc
        if isinstance(doc, dict):
            doc["useManualPreferenceRanking"] = True
            for dm in doc.get("decisionMakers") or []:
                if isinstance(dm, dict):
                    dm["preferenceRanking"] = data.draw(
                        st.lists(st.sampled_from([1, 2, 3, [4, 5], 0, -1, 10**30, "1", [], 6]),
                                 max_size=8))
    text = data.draw(cut(json.dumps(doc, ensure_ascii=False)))
    _analyse_conflicts(_write(tmp_path_factory.mktemp("f"), "model.gmcr", text))


# -- agendas and GENIUS ------------------------------------------------------------------------
def _analyse_agenda(run: Callable[[], Any], file: str) -> None:
    from detente.bargain.analysis import analyze_deals

    agenda = _answered(run, file)
    if agenda is not None and math.prod(len(i.options) for i in agenda.issues) <= 10_000:
        result = _answered(lambda: analyze_deals(agenda), file, located=False)
        if result is not None:
            _finite(result.to_dict(), "deals")


WATER_DATA = yaml.safe_load(WATER.read_text(encoding="utf-8"))


@FUZZ
@given(st.data())
def test_agendas(tmp_path_factory, data) -> None:
    from detente.model.agenda import load_agenda

    doc = {"agenda": data.draw(mutated([WATER_DATA["agenda"]]))}
    as_json = data.draw(st.booleans())
    text = json.dumps(doc, ensure_ascii=False) if as_json else _yaml(doc)
    path = _write(tmp_path_factory.mktemp("f"), "agenda.json" if as_json else "agenda.yaml",
                  data.draw(cut(text)))
    _analyse_agenda(lambda: load_agenda(path), str(path))


GENIUSWEB = {n: json.loads((GENIUS / n).read_text(encoding="utf-8"))
             for n in ("fisheries-domain.json", "fleet.json", "coastal.json")}


@FUZZ
@given(st.data())
def test_geniusweb_files(tmp_path_factory, data) -> None:
    from detente.model.genius import read_genius

    tmp = tmp_path_factory.mktemp("f")
    victim = data.draw(st.sampled_from(sorted(GENIUSWEB)))
    paths = []
    for name, doc in GENIUSWEB.items():
        text = json.dumps(doc, ensure_ascii=False)
        if name == victim:
            text = data.draw(cut(json.dumps(data.draw(mutated([doc])), ensure_ascii=False)))
        paths.append(_write(tmp, name, text))
    _analyse_agenda(lambda: read_genius(paths[0], paths[1:]), "GeniusWeb")


GENIUS_XML = {n: (GENIUS / n).read_text(encoding="utf-8")
              for n in ("fisheries-domain.xml", "fleet.xml", "coastal.xml")}
XML_VALUES = ["", "x", "-1", "1e999999999", "25E-99999999", "NaN", "inf", "0", "1", "2",
              "9" * 5000, "\u202e", "integer", "real", "quota", "low", "3/4", "1_0"]


@st.composite
def mutated_xml(draw, text: str) -> str:
    root = ET.fromstring(text)
    for _ in range(draw(st.integers(1, 3))):
        elements = list(root.iter())
        el = draw(st.sampled_from(elements))
        parents = {c: p for p in root.iter() for c in p}
        kind = draw(st.sampled_from(["attribute", "attribute", "drop-attribute", "drop",
                                     "duplicate", "nest"]))
        if kind == "attribute":
            name = draw(st.sampled_from(["value", "evaluation", "index", "name", "type",
                                         "etype", "vtype", "number_of_issues"]))
            el.set(name, draw(st.sampled_from(XML_VALUES)))
        elif kind == "drop-attribute" and el.attrib:
            del el.attrib[draw(st.sampled_from(sorted(el.attrib)))]
        elif kind == "drop" and el in parents:
            parents[el].remove(el)
        elif kind == "duplicate" and el in parents:
            parents[el].append(copy.deepcopy(el))
        elif kind == "nest":
            el.append(copy.deepcopy(el))
    return ET.tostring(root, encoding="unicode")


@FUZZ
@given(st.data())
def test_genius_xml_files(tmp_path_factory, data) -> None:
    from detente.model.genius import read_genius

    tmp = tmp_path_factory.mktemp("f")
    victim = data.draw(st.sampled_from(sorted(GENIUS_XML)))
    paths = []
    for name, text in GENIUS_XML.items():
        if name == victim:
            text = data.draw(cut(data.draw(mutated_xml(text))))
        paths.append(_write(tmp, name, text))
    _analyse_agenda(lambda: read_genius(paths[0], paths[1:]), "GENIUS")


# -- dynamics ----------------------------------------------------------------------------------
DYNAMICS = [
    next(d for p, d in zip(SCENARIOS, SCENARIO_DATA, strict=True) if "summit" in p.name)
    .get("dynamics"),
    {"sides": ["A", "B"], "game": {"R": 3, "S": 0, "T": 5, "P": 1},
     "noise": {"symmetric": 0.01, "misperception": {"A": 0.05}, "slip": {"B": 0.01}},
     "horizon": {"continuation": 0.9, "max_rounds": 50},
     "policies": {"A": {"current": "TFT", "alternatives": ["GTFT", "GRIT"]},
                  "B": {"current": "WSLS"}},
     "parameters": {"generosity": 0.2, "grit": {"initiative": 2, "max_initiative": 3}},
     "analysis": {"repetitions": 3, "seed": 1, "sweep": {"kind": "slip", "levels": [0, 0.1]},
                  "recovery": {"shock_round": 5, "side": "B"}},
     "richardson": {"unit": "u", "defence": {"A": 0.9, "B": 0.8}, "fatigue": {"A": 0.5, "B": 0.6},
                    "grievance": {"A": 1, "B": -2}, "initial": {"A": 10, "B": 12},
                    "horizon": 20}},
]
DYNAMICS = [d for d in DYNAMICS if d]


@FUZZ
@given(st.data())
def test_dynamics_sections(tmp_path_factory, data) -> None:
    from detente.dynamics.analyses import run_analysis
    from detente.model.dynamics import _library_index, load_dynamics

    _library_index()  # the Axelrod library takes long to import: not within the time limit
    doc = {"dynamics": data.draw(mutated(DYNAMICS))}
    as_json = data.draw(st.booleans())
    text = json.dumps(doc, ensure_ascii=False) if as_json else _yaml(doc)
    path = _write(tmp_path_factory.mktemp("f"), "dyn.json" if as_json else "dyn.yaml",
                  data.draw(cut(text)))
    model = _answered(lambda: load_dynamics(path), str(path))
    if model is None:
        return
    short = _answered(lambda: model.with_overrides(rounds=min(model.rounds, 30),
                                                   repetitions=2), str(path))
    for name in (short or model).default_analyses():
        m = model if name == "richardson" else short
        if m is None:
            continue
        result = _answered(lambda m=m, name=name: run_analysis(m, name), str(path),
                           located=False)
        if result is not None:
            _finite(result.to_dict() if hasattr(result, "to_dict") else
                    [r.to_dict() for r in result], name)
