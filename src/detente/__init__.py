"""détente: think through talks between adversaries.

Graph Model for Conflict Resolution (GMCR) stability analysis, package-deal analysis over a
multi-issue agenda, and reciprocity dynamics, from scenario files people can read.

The functions below are the public API, one per command of the ``detente`` command line
(same options, same defaults, same errors; each result's ``to_dict()`` is the command's
JSON). They live in :mod:`detente.api`; the result types are importable from here too.
Nothing heavy is imported until a function needs it.

>>> import detente
>>> conflict = detente.load("prisoners-dilemma")
>>> sorted(detente.analyze(conflict).equilibria["nash"])
['NN']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from detente.api import Progress, analyze, deals, explain, hypergame, load, status_quo
from detente.model.errors import ModelError, ModelTooLargeError

__version__ = "0.1.0"

#: Result types, imported on first use (``detente.Analysis``): name -> module.
_LAZY = {
    "Agenda": "detente.model.agenda",
    "Analysis": "detente.graph.analysis",
    "Conflict": "detente.model.conflict",
    "DealAnalysis": "detente.bargain.analysis",
    "Explanation": "detente.graph.explain",
    "HypergameAnalysis": "detente.graph.hypergame",
    "StatusQuoAnalysis": "detente.graph.paths",
}

__all__ = [
    "__version__",
    # functions (detente.api)
    "analyze",
    "deals",
    "explain",
    "hypergame",
    "load",
    "status_quo",
    # errors and protocols
    "ModelError",
    "ModelTooLargeError",
    "Progress",
    # result types
    "Agenda",
    "Analysis",
    "Conflict",
    "DealAnalysis",
    "Explanation",
    "HypergameAnalysis",
    "StatusQuoAnalysis",
]

if TYPE_CHECKING:  # pragma: no cover
    from detente.bargain.analysis import DealAnalysis as DealAnalysis
    from detente.graph.analysis import Analysis as Analysis
    from detente.graph.explain import Explanation as Explanation
    from detente.graph.hypergame import HypergameAnalysis as HypergameAnalysis
    from detente.graph.paths import StatusQuoAnalysis as StatusQuoAnalysis
    from detente.model.agenda import Agenda as Agenda
    from detente.model.conflict import Conflict as Conflict


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'detente' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
