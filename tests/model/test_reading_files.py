"""Which files the readers take: regular files, standard input as a stream; what else is
refused and how the messages say it (sizes in one unit, long values cut)."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from detente.model import yamlio
from detente.model.agenda import load_agenda
from detente.model.dynamics import load_dynamics
from detente.model.errors import ModelError, readable
from detente.model.genius import read_genius_domain
from detente.model.loader import load_conflict
from detente.model.yamlio import is_stream, read_bytes, read_text
from tests.model.conftest import raises_model_error

PD = """\
title: t
decision_makers:
  - name: A
    options: [{id: a}]
    preferences: {ranking: [YN, YY, NN, NY]}
  - name: B
    options: [{id: b}]
    preferences: {ranking: [NY, YY, NN, YN]}
agenda:
  issues: [{id: pay, options: [freeze, rise], status_quo: freeze}]
  parties:
    - {id: union, weights: {pay: 1}, values: {pay: {freeze: 0, rise: 1}}}
    - {id: board, weights: {pay: 1}, values: {pay: {freeze: 1, rise: 0}}}
dynamics:
  sides: [A, B]
"""


@pytest.fixture
def stdin(monkeypatch):
    """``stdin(text)`` makes standard input hold ``text`` (and forgets earlier reads)."""
    def _set(text: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        monkeypatch.setattr(yamlio, "_STREAMS", {})
    return _set


def test_dash_reads_standard_input_once_for_every_reader(stdin) -> None:
    stdin(PD)
    assert is_stream("-")
    c = load_conflict("-")
    assert c.option_ids == ["a", "b"] and c.source_file == "-"
    # the report loads the same source again for the agenda and the dynamics
    assert [p.id for p in load_agenda("-").parties] == ["union", "board"]
    assert load_dynamics("-").sides == ["A", "B"]


def test_json_and_gmcr_on_standard_input(stdin) -> None:
    stdin('{"decision_makers": [{"name": "A", "options": [{"id": "a"}], '
          '"preferences": {"payoffs": {"YN": 1e5, "NN": 1, "NY": 2, "YY": 3}}}, '
          '{"name": "B", "options": [{"id": "b"}], "preferences": {"ranking": '
          '["NY", "YY", "NN", "YN"]}}]}')
    assert dict(load_conflict("-").preferences[0].values)[1] == 1e5  # YN: bit 0 set
    stdin('{"options": [{"name": "a"}, {"name": "b"}], "decisionMakers": ['
          '{"name": "A", "options": [0], "preferences": [[[0, "Y"]]]},'
          '{"name": "B", "options": [1], "preferences": [[[1, "Y"]]]}]}')
    assert load_conflict("-").dm_names == ["A", "B"]


def test_standard_input_beyond_the_limit(stdin) -> None:
    stdin("a" * (2**20 + 1))
    err = raises_model_error(lambda: read_bytes("-", "scenario", limit=2**20))
    assert err.file == "-" and err.message.startswith("more than 1 MiB arrived")
    assert "scenario files are limited to 1 MiB" in err.message


def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "model.yaml"
    os.mkfifo(fifo)
    err = raises_model_error(lambda: load_conflict(str(fifo)))  # opening it would block
    assert "named pipe" in err.message and "'-'" in err.message and err.file == str(fifo)
    assert not is_stream(fifo)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/full"])  # not /dev/null: pytest's stdin
def test_devices_are_refused(device: str) -> None:
    for load in (load_conflict, load_agenda, load_dynamics, read_genius_domain):
        err = raises_model_error(lambda load=load: load(device))
        assert "is a device" in err.message and err.file == device


def test_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    assert "is a folder" in raises_model_error(lambda: read_text(tmp_path)).message
    assert raises_model_error(lambda: read_text(tmp_path / "no.yaml")).message == "no such file"
    assert raises_model_error(
        lambda: read_text(tmp_path / "no" / "x.yaml")).message == "no such file"


def test_size_limit_states_both_sizes_in_one_unit(tmp_path: Path, monkeypatch) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a" * (3 * 2**20 + 2**19))
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 2 * 2**20)
    err = raises_model_error(lambda: read_text(big))
    assert "the file is 3.5 MiB (3,670,016 bytes)" in err.message
    assert "scenario files are limited to 2 MiB" in err.message
    assert "MB" not in err.message


def test_long_values_are_cut_in_every_message() -> None:
    err = ModelError("unknown option " + "x" * 5000 + ". Did you mean 'a'?",
                     field="agenda." + "k" * 5000)
    assert len(str(err)) < 300 and "(5001 characters)" in err.message  # the run ends with "."
    assert err.message.endswith("Did you mean 'a'?")
    assert len(ModelError("word " * 2000).message) <= 2000
    assert readable("short text") == "short text"
