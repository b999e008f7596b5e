"""The workbench API's request bodies (Pydantic models; they make the OpenAPI schema).

Each analysis request names its scenario in one of three ways — ``text`` (an editor's
buffer), ``builtin`` (a built-in scenario's name) or ``file`` (a path in the workspace) — and
carries the keyword arguments of the command it mirrors, with the command's names and
defaults (``detente analyze --concepts`` is ``concepts``; ``--from`` is ``start``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = ["SourceRequest", "AnalyzeRequest", "PathsRequest", "ExplainRequest",
           "HypergameRequest", "InverseRequest", "SensitivityRequest", "DealsRequest",
           "DynamicsRequest", "ReportRequest", "ValidateRequest", "SaveRequest", "JobRequest",
           "REQUESTS"]

#: Texts larger than this are refused (the body limit is checked before this).
MAX_TEXT = 8 * 1024 * 1024
Short = Annotated[str, Field(max_length=2000)]
Concepts = Annotated[str | list[Annotated[str, Field(max_length=40)]] | None,
                     Field(None, description="Comma-separated concepts (or a list), as "
                           "--concepts: nash, gmr, smr, seq, sim, seqsim, all; lh, nm.")]
FILENAME = r"^[^/\\\x00.][^/\\\x00]{0,99}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceRequest(_Strict):
    """Which scenario: exactly one of ``text``, ``builtin`` or ``file``."""

    text: str | None = Field(None, max_length=MAX_TEXT,
                             description="The scenario file's text (YAML or JSON).")
    syntax: Literal["yaml", "json"] | None = Field(
        None, description="How to read text: yaml (default) or json.")
    filename: str | None = Field(
        None, pattern=FILENAME,
        description="The file name the text is shown under in errors (default scenario.yaml "
        "or scenario.json); it must end in .yaml, .yml or .json.")
    builtin: str | None = Field(None, max_length=100, description="A built-in scenario's name.")
    file: str | None = Field(None, max_length=1024,
                             description="A scenario file's path in the workspace.")
    model: str | None = Field(None, max_length=200, pattern=r"^[^#\x00]*$",
                              description="One model of a multi-model file (FILE#model).")
    assumption: str | None = Field(None, max_length=200,
                                   description="A named assumption set (--assumption).")
    max_memory: str | None = Field(None, max_length=40,
                                   description="Memory the analysis may use, e.g. 2G.")

    @model_validator(mode="after")
    def _one_source(self) -> SourceRequest:
        given = [k for k in ("text", "builtin", "file") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of 'text', 'builtin' or 'file'"
                             + (f" (got {', '.join(given)})" if given else ""))
        if self.filename is not None and not self.filename.lower().endswith(
                (".yaml", ".yml", ".json")):
            raise ValueError("filename must end in .yaml, .yml or .json")
        return self

    def source(self) -> dict[str, Any]:
        """The source as the worker reads it (paths resolved by the server)."""
        if self.text is not None:
            name = self.filename or ("scenario.json" if self.syntax == "json"
                                     else "scenario.yaml")
            if self.syntax == "json" and not name.lower().endswith(".json"):
                name = name.rsplit(".", 1)[0] + ".json"
            return {"kind": "text", "text": self.text, "filename": name, "model": self.model}
        if self.builtin is not None:
            return {"kind": "builtin", "name": self.builtin, "model": self.model}
        return {"kind": "file", "file": self.file, "model": self.model}

    def options(self) -> dict[str, Any]:
        """The command's keyword arguments."""
        skip = {"text", "syntax", "filename", "builtin", "file", "model"}
        out = {k: v for k, v in self.model_dump().items() if k not in skip}
        if isinstance(out.get("concepts"), list):
            out["concepts"] = ",".join(out["concepts"])
        return out


class AnalyzeRequest(SourceRequest):
    """``detente analyze``."""

    concepts: Concepts
    detail: Literal["equilibria", "stability", "full"] = Field(
        "equilibria", description="As --detail.")
    coalitions: Short | None = Field(None, description='As --coalitions: all, "A+B,C" or '
                                     "declared.")
    horizon: int | None = Field(None, ge=1, le=100_000, description="As --horizon (lh).")
    max_work: float | None = Field(None, ge=0, le=1e15, allow_inf_nan=False,
                                   description="As --max-work: most work the coalition "
                                   "analysis may take (default 1e10).")


class PathsRequest(SourceRequest):
    """``detente paths`` (status quo analysis)."""

    start: Short | None = Field(None, description="As --from: a Y/N pattern, status_quo or a "
                                "named state.")
    to: Short | None = Field(None, description="As --to.")
    moves: Literal["ui", "any", "coalition"] = Field("ui", description="As --moves.")
    max_steps: int | None = Field(None, ge=0, le=1_000_000, description="As --max-steps.")
    max_paths: int = Field(20, ge=0, le=100_000, description="As --max-paths.")
    concepts: Concepts
    max_work: float | None = Field(None, ge=0, le=1e15, allow_inf_nan=False,
                                   description="As --max-work (moves coalition): most (state, "
                                   "move) pairs the searches may examine (default 4e10).")


class ExplainRequest(SourceRequest):
    """``detente explain``."""

    state: Short = Field(..., description="A Y/N pattern, status_quo or a named state.")
    dms: list[Short] | None = Field(None, max_length=100, description="As --dm (repeatable).")
    concepts: Concepts


class HypergameRequest(SourceRequest):
    """``detente hypergame``."""

    concepts: Concepts
    max_surprises: int = Field(10_000, ge=0, le=1_000_000, description="As --max-surprises: "
                               "list at most N surprises (all are counted).")


class InverseRequest(SourceRequest):
    """``detente inverse``."""

    target: Short = Field(..., description="As --target.")
    vary: Short | None = Field(None, description='As --vary: "DM=A-B;DM2=C-D".')
    concepts: Concepts
    list_first: int = Field(0, ge=0, le=10_000, description="As --list.")
    minimal: bool = Field(False, description="As --minimal: the fewest preference changes.")
    dms: list[Short] | None = Field(None, max_length=100, description="As --dm (repeatable; "
                                    "with minimal).")
    reachable: bool = Field(False, description="As --reachable (with minimal).")
    moves: Literal["ui", "any", "coalition"] = Field("ui", description="As --moves (with "
                                                     "reachable).")
    top: int = Field(5, ge=1, le=10_000, description="As --top (with minimal).")
    max_changes: int = Field(3, ge=0, le=1_000_000, description="As --max-changes.")
    changes: Literal["auto", "ranking"] = Field("auto", description="As --changes.")
    method: Literal["search", "ilp"] = Field("search", description="As --method.")
    time_limit: float = Field(10.0, ge=0.1, le=600, description="As --time-limit (seconds).")


class SensitivityRequest(SourceRequest):
    """``detente sensitivity`` (which assumptions each verdict rests on)."""

    concepts: Concepts
    states: Short | None = Field(None, description="As --states: report only these states.")
    changes: Literal["delete", "swap", "delete,swap", "swap,delete"] | None = Field(
        None, description="As --changes: delete, swap or both (default both).")
    combinations: bool = Field(False, description="As --combinations: every combination of "
                               "the file's named assumption sets.")
    assumptions: Short | None = Field(None, description="As --assumptions (with "
                                      "combinations).")
    samples: int | None = Field(None, ge=1, le=10_000_000, description="As --samples: "
                                "draw this many preference profiles.")
    seed: int = Field(0, ge=0, le=2**32 - 1, description="As --seed.")
    max_work: float | None = Field(None, ge=0, le=1e15, allow_inf_nan=False,
                                   description="As --max-work (with samples): most work the "
                                   "draws may take (default 6e9); larger ones are refused.")


class DealsRequest(SourceRequest):
    """``detente deals``."""

    top: int = Field(10, ge=0, le=10_000, description="As --top.")
    max_ties: int = Field(50, ge=0, le=100_000, description="As --max-ties.")
    trades_from: Literal["status_quo", "nash", "kalai_smorodinsky", "egalitarian",
                         "utilitarian"] = Field("status_quo", description="As --trades-from.")
    max_outcomes: str | None = Field(None, max_length=40, description="As --max-outcomes.")
    what_it_takes: Short | None = Field(None, description='As --what-it-takes: a package '
                                        '"issue=option,...".')


class DynamicsRequest(SourceRequest):
    """``detente dynamics``."""

    analyses: Short | None = Field(None, description="As --analyses: match, tournament, "
                                   "recovery, sweep, richardson (comma-separated).")
    noise: float | None = Field(None, ge=0, le=1, description="As --noise.")
    misperception: Short | None = Field(None, description="As --misperception SIDE=P,….")
    slip: Short | None = Field(None, description="As --slip SIDE=P,….")
    policies: Short | None = Field(None, description="As --policies.")
    rounds: int | None = Field(None, ge=1, le=100_000_000, description="As --rounds.")
    repetitions: int | None = Field(None, ge=1, le=100_000_000, description="As --repetitions.")
    seed: int | None = Field(None, ge=0, le=2**32 - 1, description="As --seed.")
    max_work: float | None = Field(None, ge=0, le=1e15, description="As --max-work.")

    @field_validator("noise", "max_work")
    @classmethod
    def _finite(cls, v: float | None) -> float | None:
        if v is not None and v != v:  # NaN
            raise ValueError("must be a number")
        return v


class ReportRequest(SourceRequest):
    """``detente report`` (a background job: GET /api/jobs/{id}/report.html)."""


class ValidateRequest(_Strict):
    """Text to check as a scenario file."""

    text: str = Field(..., max_length=MAX_TEXT)
    syntax: Literal["yaml", "json"] | None = None
    filename: str | None = Field(None, pattern=FILENAME)


class SaveRequest(_Strict):
    """A workspace file's new text."""

    text: str = Field(..., max_length=MAX_TEXT)


#: The analyses, by the name of their endpoint and job kind.
REQUESTS: dict[str, type[SourceRequest]] = {
    "analyze": AnalyzeRequest, "paths": PathsRequest, "explain": ExplainRequest,
    "hypergame": HypergameRequest, "inverse": InverseRequest, "deals": DealsRequest,
    "dynamics": DynamicsRequest, "report": ReportRequest, "sensitivity": SensitivityRequest,
}


class JobRequest(_Strict):
    """A background job: the analysis and its request body (as for its endpoint)."""

    kind: Literal["analyze", "paths", "explain", "hypergame", "inverse", "deals", "dynamics",
                  "report", "sensitivity"]
    request: dict[str, Any] = Field(..., description="The body the analysis' endpoint takes.")
