"""The viewer as a person sees it: a diff page rendered by headless Chromium (Debian's `chromium`).

The DOM Chromium builds (``--dump-dom``) must hold the highlighted spans and every diff class, the hover
script must not have broken anything, and the escaped ``<script>`` in the article must stay text. A
screenshot is written to ``tmp_path``; with ``ENQUETE_SAVE_SCREENSHOTS`` set it is also copied to
``viewer-screenshots/`` for a person to look at.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import DOC_ID, TEXT, make_root
from test_viewer import diff_prediction

from bench.dataset.build import build
from bench.report.viewer import show

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian package `chromium`; "
                                                "CI installs it in .ci/run)"),
]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.fixture()
def page(tmp_path: Path) -> Path:
    root = make_root(tmp_path)
    corpus = tmp_path / "corpus"
    build(root, corpus, pool_path=tmp_path / "pool.jsonl")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(diff_prediction()) + "\n", encoding="utf-8")
    pages = show(corpus, [DOC_ID], pred, tmp_path / "viewer")
    return pages[1]


def test_dom_has_highlighted_spans_and_diff_classes(page: Path, tmp_path: Path) -> None:
    out = _chromium(tmp_path, "--dump-dom", page.resolve().as_uri())
    assert out.returncode == 0, out.stderr[-2000:]
    dom = out.stdout
    assert "<section id=\"entities\">" in dom and "<section id=\"events\">" in dom
    ents = re.search(r'<section id="entities">(.*?)</section>', dom, re.S)
    assert ents is not None
    for status in ("correct", "fn", "fp", "label", "boundary"):
        assert re.search(rf'class="m ent diff-{status}"', ents.group(1)), status
    assert re.search(r'class="m q-content diff-label"[^>]*data-link="q0"', dom)
    assert re.search(r'class="m q-source"[^>]*data-link="q0"', dom)
    assert re.search(r'class="m ev-trigger diff-fp"', dom)
    # the article text survives intact inside the entity panel
    text = re.sub(r'<span class="badge">.*?</span>', "", re.search(r'<div class="text">(.*?)</div>', ents.group(1),
                                                                    re.S).group(1))
    assert html.unescape(re.sub(r"<[^>]+>", "", text)) == TEXT


def test_screenshot_artifact(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "viewer-diff.png"
    out = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1600", page.resolve().as_uri())
    assert out.returncode == 0, out.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 10_000
    if os.environ.get("ENQUETE_SAVE_SCREENSHOTS"):
        dest = Path(__file__).resolve().parent.parent / "viewer-screenshots"
        dest.mkdir(exist_ok=True)
        shutil.copy(shot, dest / shot.name)
