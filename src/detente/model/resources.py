"""Memory guard: refuse work that would not fit, before allocating.

Engines estimate the bytes a computation needs from its size (states, packages) and call
:func:`check_memory` first. The limit defaults to 75 % of the memory available now
(psutil), and can be set by the user (``--max-memory``, parsed by :func:`parse_size`).

>>> parse_size("4G")
4294967296
>>> parse_size("512MB")
536870912
>>> format_bytes(3 * 1024**3)
'3.0 GB'
"""

from __future__ import annotations

import re
import sys

from detente.model.errors import ModelError, ModelTooLargeError

__all__ = ["available_memory", "default_limit", "check_memory", "parse_size", "format_bytes"]

#: Memory sizes at or above this (8 EiB, the address space of a 64-bit machine) are refused.
MAX_SIZE = 2**63

#: Share of the available memory a computation may use by default.
DEFAULT_SHARE = 0.75


def available_memory() -> int:
    """Bytes of memory available to new allocations now: the kernel's estimate
    ``MemAvailable`` on Linux (read directly, as psutil reads it), psutil elsewhere."""
    if sys.platform.startswith("linux"):
        found = _meminfo_available()
        if found is not None:
            return found
    import psutil  # ~10 ms of start-up: only where /proc/meminfo does not answer

    return int(psutil.virtual_memory().available)


def _meminfo_available(path: str = "/proc/meminfo") -> int | None:
    r"""``MemAvailable`` of a Linux ``/proc/meminfo`` in bytes, or ``None`` when the file or
    the line is missing (kernels before 3.14) or unreadable.

    >>> import tempfile, os
    >>> fd, name = tempfile.mkstemp()
    >>> _ = os.write(fd, b"MemTotal: 2048 kB\nMemAvailable:    1024 kB\n"); os.close(fd)
    >>> _meminfo_available(name); os.remove(name)
    1048576
    """
    try:
        with open(path, "rb") as fh:
            for line in fh:
                if line.startswith(b"MemAvailable:"):
                    fields = line.split()
                    scale = 1024 if fields[2:3] == [b"kB"] else 1
                    return int(fields[1]) * scale
    except (OSError, ValueError, IndexError):
        return None
    return None


def default_limit() -> int:
    """The default memory limit: 75 % of the available memory."""
    return int(available_memory() * DEFAULT_SHARE)


def format_bytes(n: float) -> str:
    """Human-readable size (powers of 1024)."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(n) < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"  # pragma: no cover


def parse_size(text: str | int | None) -> int | None:
    """Parse ``"4G"``, ``"512MB"``, ``"2.5 GiB"`` or a byte count; ``None`` stays ``None``."""
    if text is None:
        return None
    if isinstance(text, int):
        return text
    m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([kmgt]?)(i?b?)\s*", str(text), re.IGNORECASE)
    if not m:
        raise ModelError(
            f"{text!r} is not a memory size; write e.g. 4G, 512MB or a number of bytes",
            field="--max-memory",
        )
    power = {"": 0, "k": 1, "m": 2, "g": 3, "t": 4}[m.group(2).lower()]
    value = float(m.group(1)) * 1024**power  # 400 digits are inf: refused below
    if not value < MAX_SIZE:
        raise ModelError(f"{text!r} is more memory than any machine has; write e.g. 4G",
                         field="--max-memory")
    if value < 1:
        raise ModelError(f"{text!r} allows no memory at all; write e.g. 4G or 512MB",
                         field="--max-memory")
    return int(value)


def check_memory(
    estimate: float, limit: int | None = None, *, what: str = "the model", advice: str = ""
) -> None:
    """Raise :class:`ModelTooLargeError` when ``estimate`` bytes exceed the limit.

    >>> check_memory(1024, limit=10**9)
    >>> check_memory(10**12, limit=10**9, what="a model")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    detente.model.errors.ModelTooLargeError: a model needs about 931.3 GB, more than the ...
    """
    lim = default_limit() if limit is None else limit
    if estimate > lim:
        msg = (
            f"{what} needs about {format_bytes(estimate)}, more than the limit of "
            f"{format_bytes(lim)}."
        )
        if advice:
            msg += " " + advice
        raise ModelTooLargeError(msg)
