"""Reading YAML and JSON scenario files with the line of every field.

Scenario files are parsed into plain Python data plus a map from field path to line, so that
validation errors can say "file, line 42, decision_makers[1].options[0].id: …". YAML is read
with PyYAML's safe composer (no tags that construct Python objects); JSON with :mod:`json`
(for exact error positions) and then with the YAML composer for lines (JSON is YAML).

Examples
--------
>>> doc = parse_text("a:\\n  - x: 1\\n  - x: 2\\n", "demo.yaml")
>>> doc.data
{'a': [{'x': 1}, {'x': 2}]}
>>> doc.line(("a", 1, "x"))
3
>>> field_path(("a", 1, "x"))
'a[1].x'
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from detente.model.errors import ModelError, describe, shown
from detente.model.numbers import MAX_MAGNITUDE, RANGE_TEXT, number_problem

__all__ = [
    "dump_yaml",
    "LocatedData",
    "read_file",
    "read_text",
    "read_bytes",
    "is_stream",
    "parse_text",
    "parse_json",
    "field_path",
    "pydantic_error",
    "check_values",
    "MAX_FILE_BYTES",
    "MAX_DEPTH",
]

#: Scenario files larger than this are refused before parsing.
MAX_FILE_BYTES = 20 * 1024 * 1024

#: Lists and mappings may nest at most this deep (a scenario needs fewer than ten levels);
#: checked while composing, so that no reader can run out of recursion.
MAX_DEPTH = 100

_TOO_DEEP = (f"lists and mappings nest more than {MAX_DEPTH} levels deep; détente's files "
             "need fewer than ten")

PathKey = tuple[str | int, ...]


@dataclass
class LocatedData:
    """Parsed data and the 1-based line of each field path (a tuple of keys and indices)."""

    data: Any
    file: str
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line(self, path: Sequence[str | int]) -> int | None:
        """Line of ``path``, or of its closest ancestor that has one."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), None)

    def error(self, message: str, path: Sequence[str | int] = ()) -> ModelError:
        """A :class:`ModelError` located at ``path`` in this file."""
        return ModelError(
            message, file=self.file, line=self.line(path), field=field_path(path) or None
        )

    def sub(self, prefix: Sequence[str | int]) -> LocatedData:
        """The data under ``prefix``, keeping lines (paths relative to ``prefix``)."""
        pre = tuple(prefix)
        data = self.data
        for k in pre:
            data = data[k]
        lines = {p[len(pre):]: ln for p, ln in self.lines.items() if p[: len(pre)] == pre}
        out = LocatedData(data, self.file, lines)
        out._prefix = pre  # type: ignore[attr-defined]
        return out


def field_path(path: Sequence[str | int]) -> str:
    """``("a", 1, "x")`` → ``"a[1].x"``."""
    out = ""
    for k in path:
        if isinstance(k, int):
            out += f"[{k}]"
        else:
            out += ("." if out else "") + str(k)
    return out


class _SafeComposer(yaml.SafeLoader):
    """PyYAML's safe loader, composing at most :data:`MAX_DEPTH` levels (PyYAML composes
    recursively: a deeply nested document would otherwise exhaust Python's stack)."""

    _depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise ModelError(_TOO_DEEP, line=mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# YAML 1.1 (PyYAML) reads 1e5, 1.0e5 and 1E-3 as text: only 1.0e+5 is a float. Read them as
# numbers, as YAML 1.2 and JSON do (so `1e999999999` is the out-of-range number it looks like).
_EXPONENT_FLOAT = re.compile(
    r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$")
_SafeComposer.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT_FLOAT,
                                    list("-+.0123456789"))


_CComposer: Any = None
if getattr(yaml, "__with_libyaml__", False):
    class _CSafeComposer(yaml.CSafeLoader):  # type: ignore[misc,name-defined]
        """LibYAML's parser and composer with the same scalar resolvers as
        :class:`_SafeComposer` (its depth limit is checked while constructing)."""

    _CSafeComposer.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT_FLOAT,
                                         list("-+.0123456789"))
    _CComposer = _CSafeComposer

#: The fast path leaves documents nesting this deep to the reference path (which counts
#: the text's nesting while composing; aliases only make constructed paths longer).
_FAST_DEPTH = MAX_DEPTH - 2
#: Texts the fast path leaves to the reference path: where LibYAML and PyYAML are known to
#: read differently, found by comparing the two on mutated scenario files (tests/model/
#: test_yamlio_fast.py): LibYAML takes a tab inside a plain key, a "?" inside a flow
#: collection, a byte-order mark inside the text and a comment straight after a block
#: scalar's indicator ("|#"), all of which PyYAML refuses.
_FAST_REFUSES = re.compile("[\t?\ufeff]|[|>][-+0-9]*#")


class _SafeDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, taught the reader's extra number form, so that a text such as
    ``'1e5'`` is written quoted and reads back as the same text."""


_SafeDumper.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT_FLOAT,
                                  list("-+.0123456789"))


def dump_yaml(data: Any) -> str:
    """YAML text that :func:`parse_text` reads back as ``data`` (keys in the order given).

    >>> dump_yaml({"title": "1e5", "weight": 2.5})
    "title: '1e5'\\nweight: 2.5\\n"
    """
    return yaml.dump(data, Dumper=_SafeDumper, allow_unicode=True, sort_keys=False)

#: The scalar tags a file may use; a timestamp is kept as the text written.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null")}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


#: Values a document may expand to through YAML aliases beyond what it writes out: a few
#: lines of nested aliases ("billion laughs") would otherwise expand to billions of values.
ALIAS_EXPANSION_LIMIT = 1_000_000


def _distinct_nodes(root: yaml.Node) -> int:
    """How many nodes the text itself holds (an alias is the node it refers to, once)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.extend((k, v))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return len(seen)


class _Budget:
    """Counts the values built; stops a document that aliases expand beyond the limit."""

    def __init__(self, root: yaml.Node) -> None:
        self.left = max(ALIAS_EXPANSION_LIMIT, 2 * _distinct_nodes(root))

    def spend(self, node: yaml.Node) -> None:
        self.left -= 1
        if self.left < 0:
            raise ModelError(
                "the document expands to too many values through YAML aliases (*name); "
                "write the repeated parts out or use fewer nested aliases",
                line=node.start_mark.line + 1,
            )


def _scalar(node: yaml.Node, loader: Any, path: PathKey) -> Any:
    """The value of a scalar; numbers checked against détente's range (numbers.py)."""
    if node.tag == _TIMESTAMP:  # a date is text to détente (a description, a label)
        try:
            loader.construct_object(node, deep=True)
        except ValueError:  # 2020-13-02: PyYAML fails on the month with a bare ValueError
            raise ModelError(
                f"{shown(node.value)} reads as a date but is not a valid one; correct it, or "
                "quote it to keep it as text", line=node.start_mark.line + 1,
                field=field_path(path) or None) from None
        return node.value
    if node.tag not in _PLAIN_TAGS:
        raise ModelError(f"the YAML tag {shown(node.tag)} is not used in détente's files; "
                         "remove it", line=node.start_mark.line + 1,
                         field=field_path(path) or None)
    try:
        value = loader.construct_object(node, deep=True)
    except ValueError:  # an integer Python will not convert (over 4,300 digits)
        raise ModelError(
            f"the number {shown(node.value)} is out of range: {RANGE_TEXT}",
            line=node.start_mark.line + 1, field=field_path(path) or None) from None
    problem = number_problem(value)
    if problem:
        if isinstance(value, float) and node.value.lower().lstrip("+-") not in (".inf", ".nan"):
            problem = f"the number {shown(node.value)} is out of range: {RANGE_TEXT}"
        raise ModelError(problem, line=node.start_mark.line + 1, field=field_path(path) or None)
    return value


def _construct(node: yaml.Node, path: PathKey, lines: dict[PathKey, int], loader: Any,
               budget: _Budget, depth: int = MAX_DEPTH) -> Any:
    budget.spend(node)
    lines[path] = node.start_mark.line + 1
    if len(path) > depth:  # aliases can stack nodes deeper than the text nests
        raise ModelError(_TOO_DEEP + " (counting what aliases (*name) stand for)",
                         line=node.start_mark.line + 1, field=field_path(path[:3]) + " …")
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ModelError(
                    "mapping keys must be plain names",
                    line=key_node.start_mark.line + 1,
                    field=field_path(path) or None,
                )
            # Keys are names: read as written, so `yes:` is 'yes' (not the truth value
            # true) and `0.10:` is '0.10'.
            key = key_node.value
            if key in out:
                raise ModelError(
                    f"key {shown(key)} appears twice",
                    line=key_node.start_mark.line + 1,
                    field=field_path(path) or None,
                )
            out[key] = _construct(value_node, (*path, key), lines, loader, budget, depth)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(v, (*path, i), lines, loader, budget, depth)
                for i, v in enumerate(node.value)]
    return _scalar(node, loader, path)


def check_values(data: Any, file: str = "<text>",
                 lines: dict[PathKey, int] | None = None) -> None:
    """Refuse data (parsed JSON) nested deeper than :data:`MAX_DEPTH` or holding a number
    outside détente's range (see :mod:`detente.model.numbers`); iterative, so any depth is
    safe to check.

    >>> check_values({"a": [1, 2.5, float("nan")]}, "x.json")
    Traceback (most recent call last):
    ...
    detente.model.errors.ModelError: x.json, a[2]: nan is not a finite number
    """
    stack: list[tuple[Any, PathKey]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict | list):
            if len(path) >= MAX_DEPTH:
                raise ModelError(_TOO_DEEP, file=file,
                                 line=(lines or {}).get(path[:MAX_DEPTH]),
                                 field=field_path(path[:3]) + " …")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((v, (*path, k)) for k, v in items)
        elif isinstance(value, int | float):
            problem = number_problem(value)
            if problem:
                line = None
                if lines:
                    line = LocatedData(None, file, lines).line(path)
                raise ModelError(problem, file=file, line=line, field=field_path(path) or None)


class _LongIntegerError(Exception):
    """A JSON number out of range, with its text."""

    def __init__(self, digits: str) -> None:
        self.digits = digits


def _json_int(text: str) -> int:
    # Python refuses to convert more than 4,300 digits (and 300 are already out of range)
    if len(text.lstrip("-")) > 301:
        raise _LongIntegerError(text)
    return int(text)


def _json_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:  # 1e400: say what was written
        raise _LongIntegerError(text)
    return value


def parse_json(text: str, file: str = "<text>", *, check: bool = True) -> Any:
    """The values of JSON text; ModelError with the line and column on bad syntax, on
    nesting deeper than :data:`MAX_DEPTH` and on numbers out of range (unless ``check`` is
    false: the caller then runs :func:`check_values` with the lines of the fields)."""
    try:
        data = json.loads(text, parse_int=_json_int, parse_float=_json_float)
    except json.JSONDecodeError as exc:
        raise ModelError(f"not valid JSON: {exc.msg} (column {exc.colno})", file=file,
                         line=exc.lineno) from None
    except _LongIntegerError as exc:
        at = text.find(exc.digits)
        raise ModelError(
            f"the number {shown(exc.digits)} is out of range: {RANGE_TEXT}", file=file,
            line=text.count("\n", 0, at) + 1 if at >= 0 else None) from None
    except RecursionError:
        raise ModelError(_TOO_DEEP, file=file) from None
    if check:
        check_values(data, file)
    return data


def _parse_fast(text: str, file: str) -> LocatedData | None:
    """:func:`parse_text` through LibYAML's C parser (about ten times faster than PyYAML's
    Python one), or ``None`` whenever the reference path must decide: on any error at all,
    and for documents nesting near :data:`MAX_DEPTH`. The reference path then parses the
    text again and raises its own message, so a mistake reads the same with or without
    LibYAML; a document both accept gives the same data and lines (tests/model/
    test_yamlio_fast.py compares them on every scenario file and on generated documents)."""
    if _CComposer is None or _FAST_REFUSES.search(text):
        return None
    loader = None
    try:
        loader = _CComposer(text)
        node = loader.get_single_node()
        lines: dict[PathKey, int] = {}
        data = None if node is None else _construct(node, (), lines, loader, _Budget(node),
                                                      depth=_FAST_DEPTH)
    except Exception:  # noqa: BLE001 - the reference path reports it
        return None
    finally:
        if loader is not None:
            loader.dispose()
    return LocatedData(data, file, lines)


def parse_text(text: str, file: str = "<text>") -> LocatedData:
    """Parse YAML (or JSON) text into :class:`LocatedData`; raise ModelError on bad syntax."""
    if file.lower().endswith(".json"):
        parse_json(text, file, check=False)  # JSON's own errors first: exact line and column
    fast = _parse_fast(text, file)
    if fast is not None:
        return fast
    loader = None
    try:
        loader = _SafeComposer(text)
        node = loader.get_single_node()
        lines: dict[PathKey, int] = {}
        data = None if node is None else _construct(node, (), lines, loader, _Budget(node))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "syntax error"
        raise ModelError(
            f"not valid YAML: {what}" + (f" (column {mark.column + 1})" if mark else ""),
            file=file,
            line=(mark.line + 1) if mark else None,
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = exc.position - (before.rfind("\n") + 1) + 1
        raise ModelError(
            f"not valid YAML: control character U+{exc.character:04X} at column {col}; "
            "remove it or write it as an escape in a double-quoted string",
            file=file,
            line=line,
        ) from None
    except yaml.YAMLError as exc:
        raise ModelError(f"not valid YAML: {exc}", file=file) from None
    except ModelError as exc:
        raise exc.located(file=file) from None
    except RecursionError:  # merge keys (<<: *name) chained thousands deep
        raise ModelError(_TOO_DEEP + " (counting merge keys and aliases)", file=file) from None
    finally:
        if loader is not None:
            loader.dispose()
    return LocatedData(data, file, lines)


def _mib(n: int) -> str:
    value = n / 2**20
    return f"{value:.0f} MiB" if value == int(value) else f"{value:.1f} MiB"


#: Standard input, read once (several readers may load the same source: report, briefing).
_STREAMS: dict[object, bytes] = {}


def is_stream(path: str | Path) -> bool:
    """Whether ``path`` names standard input (``-``, ``/dev/stdin``, ``/dev/fd/0``) or an
    anonymous pipe (``<(command)`` in a shell), which are read as streams."""
    name = str(path)
    if name == "-":
        return True
    try:
        st = os.stat(name)
    except OSError:
        return False
    if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
        return False
    return _same_as_stdin(st) or _anonymous_pipe(name, st)


def _same_as_stdin(st: os.stat_result) -> bool:
    try:
        fd0 = os.fstat(0)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) == (fd0.st_dev, fd0.st_ino)


def _anonymous_pipe(name: str, st: os.stat_result) -> bool:
    # /dev/fd/63 from a shell's <(command) resolves to "pipe:[1234]"; a named pipe (mkfifo)
    # resolves to a path in the file system.
    return stat.S_ISFIFO(st.st_mode) and os.path.basename(os.path.realpath(name)).startswith(
        "pipe:")


def _read_stream(name: str, key: object, kind: str, limit: int) -> bytes:
    if key not in _STREAMS:
        try:
            if name == "-":
                data = sys.stdin.buffer.read(limit + 1)
            else:
                with open(name, "rb") as fh:
                    data = fh.read(limit + 1)
        except OSError as exc:
            raise ModelError(f"cannot read: {exc.strerror or exc}", file=name) from None
        if len(data) > limit:
            raise ModelError(
                f"more than {_mib(limit)} arrived; {kind} files are limited to {_mib(limit)}",
                file=name)
        _STREAMS[key] = data
    return _STREAMS[key]


def read_bytes(path: str | Path, kind: str = "scenario", limit: int | None = None) -> bytes:
    """The bytes of a user's file, refusing what is missing, too large or not a file.

    ``-`` (and ``/dev/stdin``, or a pipe from the shell's ``<(command)``) is read as a stream
    from standard input, at most ``limit`` bytes, once. Folders, named pipes, devices and
    sockets are refused with a message saying what they are (a named pipe would wait for a
    writer, a device such as /dev/zero never ends). ``kind`` names the file in messages
    ("scenario files are limited to 20 MiB"); ``limit`` defaults to :data:`MAX_FILE_BYTES`.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    name = str(path)
    if name == "-":
        return _read_stream("-", "-", kind, limit)
    try:
        st = os.stat(name)
    except (FileNotFoundError, NotADirectoryError):
        raise ModelError("no such file", file=name) from None
    except OSError as exc:
        raise ModelError(f"cannot read: {exc.strerror or exc}", file=name) from None
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise ModelError(f"is a folder, not a {kind} file", file=name)
    if not stat.S_ISREG(mode):
        if _same_as_stdin(st) or _anonymous_pipe(name, st):
            return _read_stream(name, (st.st_dev, st.st_ino), kind, limit)
        what = ("a named pipe (FIFO), which would wait for a writer" if stat.S_ISFIFO(mode)
                else "a socket" if stat.S_ISSOCK(mode) else "a device")
        raise ModelError(
            f"is {what}, not a {kind} file; give a file, or '-' to read standard input "
            "(detente analyze - < model.yaml)", file=name)
    if st.st_size > limit:
        raise ModelError(
            f"the file is {_mib(st.st_size)} ({st.st_size:,} bytes); {kind} files are limited "
            f"to {_mib(limit)}", file=name)
    try:
        with open(name, "rb") as fh:
            data = fh.read(limit + 1)  # the file may have grown since
    except OSError as exc:
        raise ModelError(f"cannot read: {exc.strerror or exc}", file=name) from None
    if len(data) > limit:
        raise ModelError(f"the file is larger than {_mib(limit)}; {kind} files are limited "
                         f"to {_mib(limit)}", file=name)
    return data


def read_text(path: str | Path, kind: str = "scenario", limit: int | None = None) -> str:
    """The text (UTF-8, a byte-order mark dropped) of a user's file; see :func:`read_bytes`."""
    data = read_bytes(path, kind, limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ModelError(f"not UTF-8 text (byte {exc.start})", file=str(path)) from None


def read_file(path: str | Path) -> LocatedData:
    """Read and parse a YAML/JSON file, refusing missing, huge or undecodable files."""
    return parse_text(read_text(path), str(path))


def pydantic_error(exc: Any, doc: LocatedData, prefix: Sequence[str | int] = ()) -> ModelError:
    """Turn the first error of a Pydantic ``ValidationError`` into a located ModelError."""
    errs = exc.errors(include_url=False)
    first = errs[0]
    loc = (*prefix, *[p for p in first["loc"] if not (isinstance(p, str) and "[" in p)])
    msg = first["msg"]
    if first["type"] == "missing":
        msg = f"field {loc[-1]!r} is required" if loc else "a required field is missing"
        loc = loc[:-1] + (loc[-1],) if loc else loc
    elif first["type"] == "extra_forbidden":
        msg = f"unknown field {loc[-1]!r}"
    elif first["type"] == "unknown_field":  # KnownKeys: the key and the closest valid one
        ctx = first["ctx"]
        loc = (*loc, ctx["key"])
        msg = f"unknown field {ctx['key']!r}." + (f" {ctx['hint']}" if ctx["hint"] else "")
    elif not isinstance(first.get("input"), dict | list):
        msg += f"; got {describe(first.get('input'))}"
    more = ""
    if len(errs) > 1:
        more = f" (and {len(errs) - 1} more problem{'s' if len(errs) > 2 else ''})"
    return ModelError(msg + more, file=doc.file, line=doc.line(loc), field=field_path(loc) or None)
