"""Experimental modules of libcleanlab (cleanlab's ``cleanlab.experimental`` names).

* :mod:`libcleanlab.experimental.label_issues_batched` -- cleanlab's low-memory API
  (``find_label_issues_batched``, ``LabelInspector``, ``split_arr``), whose default result is
  *exact* (equal to the in-memory functions), with ``exact=False`` reproducing cleanlab's
  approximation.
* :func:`find_label_issues_streaming` -- ``filter.find_label_issues`` for every ``filter_by`` on
  ``pred_probs`` read block by block (a memory-mapped ``.npy`` file, an HDF5/Zarr array, or a
  function producing blocks), with the same answers as the in-memory function.
"""

from .streaming import find_label_issues_streaming
from . import label_issues_batched

__all__ = ["find_label_issues_streaming", "label_issues_batched"]
