"""Where a modelling assumption comes from, and whether its quoted passage is really there.

A scenario's preferences are assumptions, and a reader needs to know which of them a source
actually states and which the analyst inferred. Each ``source`` in a scenario file (on a
preference statement, an agenda value or constraint, an observation) is therefore either a
plain citation, kept as written, or a mapping that says what *kind* of source it is:

- ``article`` — the source text makes this claim. It must carry ``quote``: the passage (or
  passages) the claim rests on, word for word;
- ``inference`` — the analyst's inference, not a claim of the source. A ``quote`` is optional:
  the passage the inference starts from;
- ``other`` — another document (a treaty, a communiqué, news reports), named in
  ``citation``; its ``quote``, if any, is from that document.

A plain string is read as a citation of unstated kind (``unspecified``), so older files keep
loading; :func:`check_sources` lists such sources.

Quotes are checked against the source text by :func:`quote_found`. The comparison ignores
whitespace entirely (line breaks, double spaces, a space before a dash), typographic
variants (curly and straight quotes and apostrophes, the dashes, a run of hyphens typed
for one dash, the ellipsis character, non-breaking spaces, Unicode compatibility forms) and
**case**: a passage quoted from the middle of a sentence may start with a capital, and the
words, not their capitals, are what the claim rests on. An ellipsis in a quote (``...``,
``…`` or ``[...]``) marks left-out text: the parts around it must each appear, in that order.

Examples
--------
>>> text = "Moving toward military confrontation\u2014by including Georgia and Ukraine in NATO"
>>> quote_found("military confrontation -- by including", text)
True
>>> quote_found("military confrontation by including", text)
False
>>> quote_found("Military confrontation\u2014by  including georgia", text)
True
>>> quote_found("moving toward ... Ukraine in NATO", text)
True
>>> quote_found("Ukraine in NATO ... moving toward", text)
False
>>> Source.from_value({"kind": "article", "quote": "in NATO"}).kind
'article'
>>> Source.from_value("Bandow (2021)").kind
'unspecified'
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from detente.model.yamlio import LocatedData, field_path

__all__ = [
    "SOURCE_KINDS",
    "KIND_LABELS",
    "Source",
    "normalise_quote_text",
    "quote_found",
    "SourcedItem",
    "ProvenanceReport",
    "sourced_items",
    "check_sources",
]

#: The kinds a ``source`` mapping may declare.
SOURCE_KINDS = ("article", "inference", "other")

#: How each kind is named to a reader (``unspecified``: a plain-string source; ``none``: no
#: source at all).
KIND_LABELS = {
    "article": "the article's claim",
    "inference": "analyst's inference",
    "other": "other source",
    "unspecified": "kind not stated",
    "none": "no source",
}

#: Kinds whose quotes are passages of the checked text (an ``other`` source quotes another
#: document).
CHECKED_KINDS = ("article", "inference")


@dataclass(frozen=True)
class Source:
    """The provenance of one assumption.

    Attributes
    ----------
    kind:
        ``article``, ``inference``, ``other``, ``unspecified`` (a plain-string source) or
        ``none`` (no source given).
    citation:
        The document (for a plain-string source: the whole string).
    quotes:
        The passages quoted, word for word.
    """

    kind: str = "none"
    citation: str = ""
    quotes: tuple[str, ...] = ()

    @classmethod
    def from_value(cls, value: Any) -> Source:
        """A source from a file's value: ``None``/``""``, a plain string, or a mapping with
        ``kind``, ``citation`` and ``quote`` (a string or a list of strings). The shape is
        assumed to have been validated (:class:`detente.model.document.SourceSpec`)."""
        if value is None:
            return cls()
        if isinstance(value, str):
            return cls("unspecified", value) if value.strip() else cls()
        if hasattr(value, "model_dump"):  # a validated SourceSpec
            value = value.model_dump()
        quote = value.get("quote")
        quotes = (quote,) if isinstance(quote, str) else tuple(quote or ())
        return cls(str(value.get("kind", "unspecified")), str(value.get("citation") or ""),
                   quotes)

    @property
    def label(self) -> str:
        """The kind, in words (``the article's claim``, ``analyst's inference``, …)."""
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def text(self) -> str:
        """The source in one line: kind, citation and quotes (empty when there is none)."""
        if self.kind == "none":
            return ""
        if self.kind == "unspecified":
            return self.citation
        parts = [self.label[0].upper() + self.label[1:]]
        if self.citation:
            parts.append(self.citation)
        if self.quotes:
            parts.append(" … ".join(f"\u201c{q.strip()}\u201d" for q in self.quotes))
        return ": ".join(parts[:2]) + (f" — {parts[2]}" if len(parts) > 2 else "")

    def __str__(self) -> str:
        return self.text


# -- quotes --------------------------------------------------------------------------------
_TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
})
_SPACE = re.compile(r"\s+")
_DASHES = re.compile(r"-{2,}")
_ELLIPSIS = re.compile(r"\[?\s*(?:\.\s*\.\s*\.|\u2026)\s*\]?")


def normalise_quote_text(text: str) -> str:
    """``text`` as quotes are compared: compatibility forms unified (NFKC), typographic
    quotes, apostrophes and dashes made plain, case folded, all whitespace removed.

    >>> normalise_quote_text("Kiev\u2019s  expanded\\nties \u2014 West")
    "kiev'sexpandedties-west"
    """
    t = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY).casefold()
    # "--" typed for a dash is the same dash.
    return _DASHES.sub("-", _SPACE.sub("", t))


def _parts(quote: str) -> list[str]:
    return [p for p in (normalise_quote_text(x) for x in _ELLIPSIS.split(quote)) if p]


def quote_found(quote: str, text: str, *, normalised: bool = False) -> bool:
    """Whether ``quote`` appears in ``text`` (see the module docstring for what is ignored).

    ``normalised``: ``text`` has already been through :func:`normalise_quote_text` (to check
    many quotes against one long text).
    """
    hay = text if normalised else normalise_quote_text(text)
    parts = _parts(quote)
    if not parts:
        return False
    pos = 0
    for p in parts:
        at = hay.find(p, pos)
        if at < 0:
            return False
        pos = at + len(p)
    return True


# -- every source of a scenario file -----------------------------------------------------------
@dataclass(frozen=True)
class SourcedItem:
    """One sourced assumption of a scenario file.

    Attributes
    ----------
    path:
        Field path of the item in the file (``models[0].decision_makers[1]…statements[3]``).
    line:
        Its line in the file.
    what:
        ``statement``, ``agenda value``, ``agenda constraint`` or ``observation``.
    context:
        Where it belongs, in words (model, assumption, decision maker or party).
    text:
        The statement's formula, the value, the constraint or the observation's label.
    source:
        Its :class:`Source`.
    found:
        Per quote, whether the checked text holds it (empty when the quotes are not checked:
        no quote, or an ``other`` source).
    quote_line:
        The line of its ``source.quote`` (of the item when there is none).
    """

    path: str
    line: int | None
    what: str
    context: str
    text: str
    source: Source
    found: tuple[bool, ...] = ()
    quote_line: int | None = None

    @property
    def missing_quotes(self) -> list[str]:
        """The quotes not found in the text."""
        return [q for q, ok in zip(self.source.quotes, self.found, strict=False) if not ok]

    @property
    def checked(self) -> bool:
        """Whether its quotes were checked against the text."""
        return bool(self.found)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "line": self.line, "what": self.what, "context": self.context,
            "text": self.text, "quote_line": self.quote_line, "kind": self.source.kind,
            "citation": self.source.citation,
            "quotes": [{"quote": q, "found": (self.found[k] if self.found else None)}
                       for k, q in enumerate(self.source.quotes)],
        }


@dataclass
class ProvenanceReport:
    """The result of :func:`check_sources`: every sourced item and what the check found."""

    file: str
    texts: list[str]
    items: list[SourcedItem] = field(default_factory=list)

    @property
    def missing(self) -> list[SourcedItem]:
        """Items with a quote the text does not hold."""
        return [i for i in self.items if i.missing_quotes]

    @property
    def unquoted(self) -> list[SourcedItem]:
        """Items without any quote (inferences without a passage, other and unspecified
        sources, items without a source)."""
        return [i for i in self.items if not i.source.quotes]

    @property
    def inferences(self) -> list[SourcedItem]:
        """Items whose source is the analyst's inference."""
        return [i for i in self.items if i.source.kind == "inference"]

    def counts(self) -> dict[str, int]:
        """Items per kind, and the quotes checked, found and missing."""
        out = {k: 0 for k in (*SOURCE_KINDS, "unspecified", "none")}
        for i in self.items:
            out[i.source.kind] = out.get(i.source.kind, 0) + 1
        found = [ok for i in self.items for ok in i.found]
        out["quotes_checked"] = len(found)
        out["quotes_found"] = sum(found)
        out["quotes_missing"] = len(found) - sum(found)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "texts": list(self.texts), "counts": self.counts(),
                "items": [i.to_dict() for i in self.items]}


_Raw = Iterator[tuple[str, tuple, str, str, Any]]


def _statements(prefs: Any, path: tuple, context: str) -> _Raw:
    """The statements of one preferences mapping at ``path``."""
    if not isinstance(prefs, dict):
        return
    for j, st in enumerate(prefs.get("statements") or []):
        p = (*path, "statements", j)
        if isinstance(st, dict):
            yield "statement", p, context, str(st.get("statement", "")), st.get("source")
        else:
            yield "statement", p, context, str(st), None


def _model_items(body: dict, path: tuple, model: str) -> _Raw:
    for i, dm in enumerate(body.get("decision_makers") or []):
        if isinstance(dm, dict):
            yield from _statements(dm.get("preferences"),
                                   (*path, "decision_makers", i, "preferences"),
                                   f"{model}{dm.get('name', '?')}")
    for k, ob in enumerate(body.get("observations") or []):
        if isinstance(ob, dict):
            yield ("observation", (*path, "observations", k),
                   f"{model}observed {ob.get('date', '')}",
                   str(ob.get("label") or ob.get("formula") or ob.get("state") or ""),
                   ob.get("source"))


def _raw_items(data: dict) -> _Raw:
    if data.get("models"):
        for k, m in enumerate(data["models"]):
            if isinstance(m, dict):
                yield from _model_items(m, ("models", k), f"{m.get('name', k)} · ")
    yield from _model_items(data, (), "")
    for k, a in enumerate(data.get("assumptions") or []):
        if not isinstance(a, dict):
            continue
        for dm, prefs in (a.get("preferences") or {}).items():
            yield from _statements(prefs, ("assumptions", k, "preferences", dm),
                                   f"assumption {a.get('name', k)} · {dm}")
    agenda = data.get("agenda")
    if isinstance(agenda, dict):
        for pi, party in enumerate(agenda.get("parties") or []):
            if not isinstance(party, dict):
                continue
            for issue, vals in (party.get("values") or {}).items():
                for opt, v in (vals or {}).items():
                    if isinstance(v, dict):
                        yield ("agenda value", ("agenda", "parties", pi, "values", issue, opt),
                               f"agenda · {party.get('id', pi)}", f"{issue} = {opt}: "
                               f"{v.get('value')}", v.get("source"))
        for ci, con in enumerate(agenda.get("constraints") or []):
            if isinstance(con, dict):
                yield ("agenda constraint", ("agenda", "constraints", ci), "agenda",
                       str(con.get("formula", "")), con.get("source"))


def sourced_items(located: LocatedData) -> list[SourcedItem]:
    """Every preference statement (of every model and assumption), agenda value and
    constraint given as a mapping, and observation of a scenario file, with its source.

    ``located`` is the parsed file (:func:`detente.model.yamlio.read_file`); validate it
    first (the shapes are trusted here).
    """
    data = located.data if isinstance(located.data, dict) else {}
    out = []
    for what, path, context, text, raw in _raw_items(data):
        out.append(SourcedItem(field_path(path), located.line(path), what, context, text,
                               Source.from_value(raw),
                               quote_line=located.line((*path, "source", "quote"))))
    return out


def check_sources(located: LocatedData, texts: Sequence[tuple[str, str]]) -> ProvenanceReport:
    """Check the quotes of every sourced item of a scenario file against source texts.

    Parameters
    ----------
    located:
        The parsed, validated scenario file.
    texts:
        ``(name, text)`` pairs: the documents the ``article`` and ``inference`` quotes come
        from. A quote passes when one of them holds it.

    Returns
    -------
    ProvenanceReport
        Every item with, per quote of an ``article`` or ``inference`` source, whether it was
        found.

    Examples
    --------
    >>> from detente.model.yamlio import parse_text
    >>> doc = parse_text('''
    ... decision_makers:
    ...   - name: A
    ...     options: [{id: a}]
    ...     preferences:
    ...       statements:
    ...         - statement: a
    ...           source: {kind: article, quote: "A wants a"}
    ...         - statement: not b
    ...           source: {kind: inference}
    ... ''', "demo.yaml")
    >>> report = check_sources(doc, [("article.txt", "Everyone knows A wants\\na.")])
    >>> [(i.path, i.source.kind, i.found) for i in report.items]
    [('decision_makers[0].preferences.statements[0]', 'article', (True,)), \
('decision_makers[0].preferences.statements[1]', 'inference', ())]
    """
    hays = [normalise_quote_text(t) for _n, t in texts]
    report = ProvenanceReport(located.file, [n for n, _t in texts])
    for item in sourced_items(located):
        if item.source.kind in CHECKED_KINDS and item.source.quotes:
            found = tuple(any(quote_found(q, h, normalised=True) for h in hays)
                          for q in item.source.quotes)
            item = dataclasses.replace(item, found=found)
        report.items.append(item)
    return report
