"""Shared test configuration: Hypothesis profiles.

Choose one with ``HYPOTHESIS_PROFILE`` (or pytest's ``--hypothesis-profile``):

- ``default``: 100 examples per property, no deadline (the brute-force oracle is slow by
  design and timings vary between machines);
- ``ci``: 300 examples, derandomized so that CI runs are reproducible, no deadline;
- ``dev``: 20 examples, for quick local iterations.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_common = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("default", max_examples=100, **_common)
settings.register_profile("ci", max_examples=300, derandomize=True, print_blob=True, **_common)
settings.register_profile("dev", max_examples=20, **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
