"""The harness's error types: every user-facing failure is one of these, printed as one clear line."""

from __future__ import annotations


class EnqueteError(Exception):
    """A user-facing error: the CLI prints its message (no traceback) and exits 1."""


class SchemaError(EnqueteError):
    """A file or object does not follow the schema (wrong field, wrong type)."""


class InputError(EnqueteError):
    """An input file cannot be read or parsed; the message names the file and line."""
