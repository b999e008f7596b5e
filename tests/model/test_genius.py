"""GENIUS XML and GeniusWeb JSON: reading (GENIUS's normalisation, hostile files) and export."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from detente.bargain.analysis import analyze_deals
from detente.model.agenda import agenda_from_dict
from detente.model.errors import ModelError
from detente.model.genius import read_genius, read_genius_domain, write_genius

DATA = Path(__file__).resolve().parent.parent / "data" / "genius"


def xml_agenda():
    return read_genius(DATA / "fisheries-domain.xml", [DATA / "coastal.xml", DATA / "fleet.xml"])


def test_domain_issues_and_items_in_order():
    dom = read_genius_domain(DATA / "fisheries-domain.xml")
    assert [i.id for i in dom.issues] == ["quota", "season", "monitoring"]
    assert dom.issues[0].option_ids == ["low", "mid", "high"]
    assert dom.name == "Fisheries"


def test_genius_normalisation_divides_by_the_issue_maximum():
    agenda = xml_agenda()
    coastal = agenda.party("coastal")
    # quota evaluations 8, 5, 2 are divided by 8 (their maximum), not used raw
    assert coastal.scores[0] == (Fraction(1), Fraction(5, 8), Fraction(1, 4))
    # weights 2, 1, 2 are normalised to sum to 1
    assert coastal.weights == (Fraction(2, 5), Fraction(1, 5), Fraction(2, 5))
    u = agenda.utility("coastal", {"quota": "mid", "season": "long", "monitoring": "observers"})
    assert u == Fraction(2, 5) * Fraction(5, 8) + Fraction(1, 5) / 4 + Fraction(2, 5) / 2
    assert agenda.reservation_value("coastal") == Fraction(3, 10)
    assert agenda.reservation_value("fleet") == Fraction(1, 4)
    assert [p.id for p in agenda.parties] == ["coastal", "fleet"]


def test_nested_similarity_items_are_ignored():
    # the nested items give 'high' 400: read, they would make it coastal's best quota
    coastal = xml_agenda().party("coastal")
    assert max(coastal.scores[0]) == coastal.scores[0][0] == 1
    assert len(coastal.values[0]) == 3


def test_geniusweb_json_matches_the_equivalent_xml_profile():
    xml = xml_agenda()
    js = read_genius(DATA / "fisheries-domain.json", [DATA / "coastal.json", DATA / "fleet.json"])
    for pkg in ({"quota": "low", "season": "short", "monitoring": "none"},
                {"quota": "high", "season": "long", "monitoring": "satellite"}):
        assert js.utility("coastal", pkg) == xml.utility("coastal", pkg)
    # GeniusWeb utilities are used as given: fleet's 'high' quota is worth 0.8, not 1
    assert js.utility("fleet", {"quota": "high", "season": "short", "monitoring": "none"}) == (
        Fraction(1, 2) * Fraction(4, 5) + Fraction(3, 10) * Fraction(1, 5) + Fraction(1, 5))
    # the reservation bid (mid, long, observers) gives the reservation utility
    assert js.reservation_value("coastal") == Fraction(1, 2)
    assert js.reservation_value("fleet") == 0


def test_analysis_of_a_genius_domain():
    result = analyze_deals(xml_agenda())
    assert result.outcomes == 18
    assert result.trades == [] and any("no status quo" in n for n in result.notes)
    assert result.solutions is not None
    nash = result.solutions["nash"].packages
    assert nash and set(nash[0]) == {"quota", "season", "monitoring"}


@pytest.mark.parametrize("name", ["bomb.xml", "xxe.xml"])
def test_hostile_xml_is_refused(name):
    with pytest.raises(ModelError, match="refused: the XML declares entities"):
        read_genius_domain(DATA / name)
    with pytest.raises(ModelError, match="refused"):
        read_genius(DATA / "fisheries-domain.xml", [DATA / name, DATA / "fleet.xml"])


def test_non_discrete_issues_are_refused():
    with pytest.raises(ModelError, match="'price' is of type 'integer'.*discrete issues only"):
        read_genius_domain(DATA / "integer-domain.xml")


def test_bad_profiles(tmp_path):
    text = (DATA / "fleet.xml").read_text()
    bad = tmp_path / "neg.xml"
    bad.write_text(text.replace('evaluation="0.7"', 'evaluation="-0.7"'))
    with pytest.raises(ModelError, match="non-negative"):
        read_genius(DATA / "fisheries-domain.xml", [DATA / "coastal.xml", bad])
    typo = tmp_path / "typo.xml"
    typo.write_text(text.replace('value="observers" evaluation', 'value="observer" evaluation'))
    with pytest.raises(ModelError, match="no item 'observer'. Did you mean 'observers'"):
        read_genius(DATA / "fisheries-domain.xml", [DATA / "coastal.xml", typo])
    broken = tmp_path / "broken.xml"
    broken.write_text("<utility_space><objective>\n<issue name='quota'>\n</objective>")
    with pytest.raises(ModelError, match="not valid XML") as info:
        read_genius(DATA / "fisheries-domain.xml", [DATA / "coastal.xml", broken])
    assert info.value.line == 3
    with pytest.raises(ModelError, match="two or more profiles"):
        read_genius(DATA / "fisheries-domain.xml", [DATA / "coastal.xml"])
    with pytest.raises(ModelError, match="no such file"):
        read_genius(DATA / "missing.xml", [DATA / "coastal.xml", DATA / "fleet.xml"])


def test_export_round_trip(tmp_path):
    agenda = agenda_from_dict({
        "title": "Shared river",
        "issues": [
            {"id": "allocation", "options": ["up60", "even", "down60"], "status_quo": "up60"},
            {"id": "monitoring", "options": ["none", "joint"], "status_quo": "none"},
            {"id": "dam", "options": ["build", "halt"], "status_quo": "build"},
        ],
        "parties": [
            {"id": "upstream", "weights": {"allocation": 3, "monitoring": 1, "dam": 2},
             "values": {"allocation": {"up60": 10, "even": 6, "down60": 0},
                        "monitoring": {"none": 4, "joint": 2},
                        "dam": {"build": 9, "halt": 1}}},
            {"id": "downstream", "weights": {"allocation": 3, "monitoring": 2, "dam": 1},
             "values": {"allocation": {"up60": 0, "even": 7, "down60": 10},
                        "monitoring": {"none": 0, "joint": 5},
                        "dam": {"build": 2, "halt": 6}},
             "reservation": 0.2},
        ],
        "parked": ["dam"],
        "constraints": ["monitoring = joint if allocation = even"],
    })
    export = write_genius(agenda, tmp_path / "out", name="river")
    assert [p.name for p in export.files] == ["river-domain.xml", "upstream.xml",
                                              "downstream.xml"]
    assert any("constraints" in w for w in export.warnings)
    assert any("parked" in w for w in export.warnings)
    back = read_genius(export.files[0], export.files[1:])
    assert back.issue_ids == ["allocation", "monitoring"]
    # utilities are a positive affine transformation of the original ones
    pkgs = [{"allocation": a, "monitoring": m} for a in ("up60", "even", "down60")
            for m in ("none", "joint")]
    for party in ("upstream", "downstream"):
        orig = [float(agenda.utility(party, p)) for p in pkgs]
        new = [float(back.utility(party, p)) for p in pkgs]
        lo, hi = min(orig), max(orig)
        scale = (new[orig.index(hi)] - new[orig.index(lo)]) / (hi - lo)
        assert scale > 0
        for o, n in zip(orig, new, strict=True):
            assert n == pytest.approx(new[orig.index(lo)] + scale * (o - lo), abs=1e-12)
        # the reservation is transformed the same way
        r = float(agenda.reservation_value(party))
        assert float(back.reservation_value(party)) == pytest.approx(
            new[orig.index(lo)] + scale * (r - lo), abs=1e-12)
