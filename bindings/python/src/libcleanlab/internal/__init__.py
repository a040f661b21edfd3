"""Counterparts of cleanlab's ``cleanlab.internal`` helpers that libcleanlab implements."""
