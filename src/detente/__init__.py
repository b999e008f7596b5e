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

import functools
import importlib
import sys
import types
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from detente import api as _api
from detente.api import (
    Progress,
    analyze,
    briefing,
    deals,
    explain,
    hypergame,
    inverse,
    load,
    sensitivity,
    status_quo,
)
from detente.model.errors import ModelError, ModelTooLargeError

__version__ = "0.1.0"

#: Result types, imported on first use (``detente.Analysis``): name -> module.
_LAZY = {
    "Agenda": "detente.model.agenda",
    "Analysis": "detente.graph.analysis",
    "Briefing": "detente.report.briefing",
    "Change": "detente.graph.changes",
    "CombinationAnalysis": "detente.graph.combinations",
    "apply_changes": "detente.graph.changes",
    "Conflict": "detente.model.conflict",
    "DealAnalysis": "detente.bargain.analysis",
    "DynamicsAnalysis": "detente.dynamics.run",
    "DynamicsModel": "detente.model.dynamics",
    "Explanation": "detente.graph.explain",
    "HypergameAnalysis": "detente.graph.hypergame",
    "MinimalResult": "detente.graph.inverse.minimal",
    "RangeResult": "detente.graph.inverse.ranges",
    "Sensitivity": "detente.graph.sensitivity",
    "StatusQuoAnalysis": "detente.graph.paths",
    "UncertaintyAnalysis": "detente.graph.uncertainty",
}

__all__ = [
    "__version__",
    # functions (detente.api)
    "analyze",
    "apply_changes",
    "briefing",
    "deals",
    "dynamics",
    "explain",
    "hypergame",
    "inverse",
    "load",
    "report",
    "sensitivity",
    "status_quo",
    # errors and protocols
    "ModelError",
    "ModelTooLargeError",
    "Progress",
    # result types
    "Agenda",
    "Analysis",
    "Briefing",
    "Change",
    "CombinationAnalysis",
    "Conflict",
    "DealAnalysis",
    "DynamicsAnalysis",
    "DynamicsModel",
    "Explanation",
    "HypergameAnalysis",
    "MinimalResult",
    "RangeResult",
    "Sensitivity",
    "StatusQuoAnalysis",
    "UncertaintyAnalysis",
]

if TYPE_CHECKING:  # pragma: no cover
    from detente.api import dynamics as dynamics
    from detente.api import report as report
    from detente.bargain.analysis import DealAnalysis as DealAnalysis
    from detente.dynamics.run import DynamicsAnalysis as DynamicsAnalysis
    from detente.graph.analysis import Analysis as Analysis
    from detente.graph.changes import Change as Change
    from detente.graph.changes import apply_changes as apply_changes
    from detente.graph.combinations import CombinationAnalysis as CombinationAnalysis
    from detente.graph.explain import Explanation as Explanation
    from detente.graph.hypergame import HypergameAnalysis as HypergameAnalysis
    from detente.graph.inverse.minimal import MinimalResult as MinimalResult
    from detente.graph.inverse.ranges import RangeResult as RangeResult
    from detente.graph.paths import StatusQuoAnalysis as StatusQuoAnalysis
    from detente.graph.sensitivity import Sensitivity as Sensitivity
    from detente.graph.uncertainty import UncertaintyAnalysis as UncertaintyAnalysis
    from detente.model.agenda import Agenda as Agenda
    from detente.model.conflict import Conflict as Conflict
    from detente.model.dynamics import DynamicsModel as DynamicsModel
    from detente.report.briefing import Briefing as Briefing


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'detente' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _CommandAndPackage:
    """A public function that shares its name with a sub-package (``detente.dynamics``).

    Calling it calls the function of :mod:`detente.api`; any other attribute is the
    sub-package's, so ``detente.dynamics(...)`` runs the analyses while
    ``detente.dynamics.engine`` and ``import detente.dynamics.engine as engine`` still reach
    the engine.
    """

    def __init__(self, function: Callable[..., Any], package: str) -> None:
        functools.update_wrapper(self, function)
        self._package = package

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.__wrapped__(*args, **kwargs)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_package":
            raise AttributeError(name)
        return getattr(importlib.import_module(self._package), name)

    def __repr__(self) -> str:
        return f"<function detente.{self.__name__} (and package {self._package})>"


class _Package(types.ModuleType):
    """The ``detente`` module: importing a sub-package whose name is also a public function
    (``detente.dynamics``) must not replace the function with the package."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and isinstance(
                self.__dict__.get(name), _CommandAndPackage):
            return
        super().__setattr__(name, value)


if not TYPE_CHECKING:
    dynamics = _CommandAndPackage(_api.dynamics, "detente.dynamics")
    report = _CommandAndPackage(_api.report, "detente.report")
    sys.modules[__name__].__class__ = _Package
