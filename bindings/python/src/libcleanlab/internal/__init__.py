"""libcleanlab's counterparts of cleanlab's ``cleanlab.internal`` modules (helpers that cleanlab
exposes under ``cleanlab.internal.*`` and that user code and tests import directly)."""
