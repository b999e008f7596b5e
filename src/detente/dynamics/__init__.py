"""detente.dynamics: reciprocity spirals and the policies that end them.

One concept per module (see ``docs/dynamics.md`` for the method, references and JSON shapes):

- :mod:`~detente.dynamics.policies`: the ten policies détente simulates itself (GRIT among
  them) as vectorised state machines;
- :mod:`~detente.dynamics.engine`: all matches of a batch played at once on NumPy arrays, with
  per-side slips and misperceptions;
- :mod:`~detente.dynamics.axelrod_bridge`: the Axelrod library for any other strategy;
- :mod:`~detente.dynamics.markov`: exact rates of memory-one policies;
- :mod:`~detente.dynamics.analyses`: match, tournament, recovery and noise sweep;
- :mod:`~detente.dynamics.richardson`: Richardson's arms-race model;
- :mod:`~detente.dynamics.plots`: figures built from the results.

The model comes from :func:`detente.model.dynamics.load_dynamics` (a scenario's ``dynamics:``
section) or :meth:`detente.model.dynamics.DynamicsModel.default`.
"""
