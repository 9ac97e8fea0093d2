"""Where article texts come from: the shared pool (Wikinews, White House, State Department) and the seed."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

SEED_FILE = "seeds/000_d72eeabf76337297.txt"
SEED_MARKER = " date 2021-10-07 "
SEED_ID = "seed-20211007-blinken-paris-visit-after-aukus"


def seed_text(raw: str) -> str:
    """The seed's corpus text: the body without the leading date marker and trailing blank lines."""
    return raw.removeprefix(SEED_MARKER).rstrip("\n")


def default_pool_path(project_root: Path) -> Path | None:
    """``$ENQUETE_POOL`` or ``../shared/pool/articles.jsonl`` next to the project, if it exists."""
    env = os.environ.get("ENQUETE_POOL")
    candidates = [Path(env)] if env else []
    candidates.append(project_root.resolve().parent / "shared" / "pool" / "articles.jsonl")
    for path in candidates:
        if path.is_file():
            return path
    return None


@cache
def load_pool(path: Path) -> dict[str, dict[str, object]]:
    """The pool's rows by id."""
    rows: dict[str, dict[str, object]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                rows[row["id"]] = row
    return rows
