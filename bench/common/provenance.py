"""Provenance for results files: package versions, git commit, Python."""

from __future__ import annotations

import platform
import subprocess
from functools import cache
from importlib import metadata
from pathlib import Path

PACKAGES = ("enquete", "datasets", "spacy", "seqeval", "scikit-learn", "numpy", "scipy")


@cache
def git_commit(cwd: str = ".") -> str | None:
    """The checkout's HEAD commit, or None outside git."""
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=Path(cwd), capture_output=True, text=True,
                             timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def package_versions(extra: tuple[str, ...] = ()) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in (*PACKAGES, *extra):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def provenance(extra: tuple[str, ...] = ()) -> dict[str, object]:
    return {"git_commit": git_commit(), "packages": package_versions(extra),
            "python": platform.python_version()}
