"""Exceptions raised by libcleanlab.

Every error reported by the native library is an instance of :class:`CleanlabError`, which
subclasses :class:`ValueError` -- the exception cleanlab 2.9.0 raises for the same bad inputs --
so ``except ValueError`` code written for cleanlab keeps working. :class:`DTypeError` is also a
:class:`TypeError`. An allocation failure inside the library raises the built-in
:class:`MemoryError`.

Each instance carries

* ``status`` -- the library's ``cl_status`` code (``int``; ``-1`` for errors detected in Python),
* ``status_name`` -- its name, e.g. ``"CL_E_SHAPE"``,
* ``detail`` -- the library's own message (``cl_last_error_message()``), or ``""``.
"""

from typing import Dict, Optional, Type

__all__ = [
    "CleanlabError",
    "NullPointerError",
    "InvalidArgumentError",
    "ShapeError",
    "LayoutError",
    "DTypeError",
    "LabelRangeError",
    "NotFiniteError",
    "ProbabilityRangeError",
    "TooFewClassesError",
    "BufferTooSmallError",
    "NumericError",
    "InternalError",
]


class CleanlabError(ValueError):
    """Base class of every libcleanlab error (a :class:`ValueError`, as in cleanlab)."""

    status: int = -1
    status_name: str = ""

    def __init__(
        self,
        message: str = "",
        *,
        status: Optional[int] = None,
        status_name: Optional[str] = None,
        detail: str = "",
    ) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status
        if status_name is not None:
            self.status_name = status_name
        self.detail = detail


class NullPointerError(CleanlabError):
    """A required argument was missing (``CL_E_NULL_POINTER``)."""

    status, status_name = 1, "CL_E_NULL_POINTER"


class InvalidArgumentError(CleanlabError):
    """An option value or combination of options is invalid (``CL_E_INVALID_ARGUMENT``)."""

    status, status_name = 2, "CL_E_INVALID_ARGUMENT"


class ShapeError(CleanlabError):
    """Wrong shape or length: ``n < 0``, ``K < 2``, length mismatch, empty input
    (``CL_E_SHAPE``)."""

    status, status_name = 3, "CL_E_SHAPE"


class LayoutError(ShapeError):
    """An array's memory layout cannot be read in place (negative or non-element row stride,
    non-unit column stride, misaligned data). Raised by the extension only; the public functions
    copy such arrays once instead."""


class DTypeError(CleanlabError, TypeError):
    """An array has a dtype the library does not take, or non-native byte order
    (``CL_E_DTYPE``). Also a :class:`TypeError`."""

    status, status_name = 4, "CL_E_DTYPE"


class LabelRangeError(CleanlabError):
    """A label is negative or ``>= K`` (``CL_E_LABEL_RANGE``)."""

    status, status_name = 5, "CL_E_LABEL_RANGE"


class NotFiniteError(CleanlabError):
    """NaN or infinity in ``pred_probs`` or in a supplied matrix (``CL_E_NOT_FINITE``)."""

    status, status_name = 6, "CL_E_NOT_FINITE"


class ProbabilityRangeError(CleanlabError):
    """A probability lies outside ``[-1e-6, 1 + 1e-6]`` (``CL_E_PROB_RANGE``)."""

    status, status_name = 7, "CL_E_PROB_RANGE"


class TooFewClassesError(CleanlabError):
    """Labels contain fewer than 2 distinct classes (``CL_E_TOO_FEW_CLASSES``)."""

    status, status_name = 8, "CL_E_TOO_FEW_CLASSES"


class BufferTooSmallError(CleanlabError):
    """An output buffer is too small (``CL_E_BUFFER_TOO_SMALL``). The public functions size
    their outputs themselves, so seeing this error is a bug in libcleanlab."""

    status, status_name = 9, "CL_E_BUFFER_TOO_SMALL"


class NumericError(CleanlabError):
    """The computation is undefined for this input, e.g. a division by zero where cleanlab would
    produce NaN (``CL_E_NUMERIC``)."""

    status, status_name = 10, "CL_E_NUMERIC"


class InternalError(CleanlabError, RuntimeError):
    """A bug in libcleanlab (``CL_E_INTERNAL``); please report it."""

    status, status_name = 99, "CL_E_INTERNAL"


_STATUS_TO_CLASS: Dict[int, Type[CleanlabError]] = {
    cls.status: cls
    for cls in (
        NullPointerError,
        InvalidArgumentError,
        ShapeError,
        DTypeError,
        LabelRangeError,
        NotFiniteError,
        ProbabilityRangeError,
        TooFewClassesError,
        BufferTooSmallError,
        NumericError,
        InternalError,
    )
}

_CL_E_NO_MEMORY = 11


def _from_status(status: int, status_name: str, detail: str) -> BaseException:
    """Build the exception for a failed ``cl_*`` call (called by the C extension)."""
    message = detail or status_name
    if status == _CL_E_NO_MEMORY:
        return MemoryError(message)
    cls = _STATUS_TO_CLASS.get(status, CleanlabError)
    return cls(message, status=status, status_name=status_name, detail=detail)
