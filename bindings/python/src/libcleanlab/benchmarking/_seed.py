"""Seeds for the native PRNG (private).

cleanlab draws from numpy's global RandomState (``np.random``) and has no seed argument in most
functions. libcleanlab's PRNG is its own (xoshiro256**, see cleanlab.h); to keep
``np.random.seed(0)`` meaningful, each call without an explicit seed draws one 64-bit seed from
numpy's global RandomState. The same global state therefore gives the same results, and each call
advances the global state by one draw.
"""

import numpy as np


def global_seed() -> int:
    """One uint64 drawn from numpy's global RandomState."""
    return int(np.random.randint(0, 2**64, dtype=np.uint64))
