"""libcleanlab: cleanlab 2.9.0's confident-learning core, computed by a native library.

``import libcleanlab as cleanlab`` and call ``cleanlab.filter.find_label_issues(labels,
pred_probs, ...)``, ``cleanlab.count.*`` or ``cleanlab.rank.*`` with cleanlab's signatures: the
answers are cleanlab's (see the README for the documented deviations), computed by libcleanlab.so
in the input's precision with threads, without copying numpy inputs.

Errors are :class:`CleanlabError` (a :class:`ValueError`) and its subclasses.
"""

from . import _errors
from ._errors import (
    BufferTooSmallError,
    CleanlabError,
    DTypeError,
    InternalError,
    InvalidArgumentError,
    LabelRangeError,
    LayoutError,
    NotFiniteError,
    NullPointerError,
    NumericError,
    ProbabilityRangeError,
    ShapeError,
    TooFewClassesError,
)
from . import _native
from . import count, filter, rank
from . import benchmarking  # area noise: cleanlab.benchmarking.noise_generation

# cleanlab 1.x (the seed API): `import libcleanlab as cleanlab` runs 1.x scripts unchanged
from . import pruning, latent_estimation, polyplex, baseline_methods, util
from . import latent_algebra, noise_generation  # seed API, second part (issue 7)

__version__: str = _native.__version__

__all__ = [
    "__version__",
    "count",
    "filter",
    "rank",
    "benchmarking",
    "pruning",
    "latent_estimation",
    "latent_algebra",
    "noise_generation",
    "polyplex",
    "baseline_methods",
    "util",
    "set_num_threads",
    "get_num_threads",
    "library_version",
    "cpu_kernels",
] + list(_errors.__all__)

# --- area: dataset health (cleanlab.dataset) and multi-label ---
from . import dataset, internal, multilabel_classification  # noqa: E402

__all__ += ["dataset", "multilabel_classification"]


def set_num_threads(n_threads: int) -> None:
    """Set the process-wide default number of worker threads of libcleanlab.

    Parameters
    ----------
    n_threads : int
        ``>= 1``, or 0 to restore the default (all online cores). Results never depend on it.

    Raises
    ------
    InvalidArgumentError
        If `n_threads` is negative.
    """
    import operator

    _native.set_num_threads(operator.index(n_threads))


def get_num_threads() -> int:
    """Return the number of threads a call uses when it is not told otherwise (``>= 1``)."""
    return _native.get_num_threads()


def cpu_kernels() -> str:
    """Return which compiled copy of libcleanlab's core runs the calls that read `pred_probs`.

    ``"x86-64-v3"`` (an AVX2 copy, on x86-64 CPUs with AVX2, FMA, BMI1/2, F16C, LZCNT and MOVBE)
    or ``"baseline"``. Chosen once per process; set ``CLEANLAB_CPU=baseline`` in the environment
    before the first call to force the baseline. Results are bit-identical either way.
    """
    return _native.cpu_kernels()


def library_version() -> str:
    """Return the version of the loaded libcleanlab.so (``"MAJOR.MINOR.PATCH"``)."""
    return _native.version_string()


# ---------------------------------------------------------------------------------------------
# classification (area "classification"): CleanLearning / LearningWithNoisyLabels need
# scikit-learn and pandas, so `libcleanlab.classification` is imported on first use only.
# ---------------------------------------------------------------------------------------------
def __getattr__(name: str):
    if name == "classification":
        import importlib

        return importlib.import_module(".classification", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
