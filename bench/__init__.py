"""Enquête benchmark harness: types, validation, corpus build, scorers, runner, leaderboard, CLI."""

__version__ = "0.1.0"
SCHEMA_VERSION = "1.0"
