"""File input/output: atomic writes and strict, streaming JSONL reading with file:line errors.

Every output goes through a temporary sibling file (or folder) and a rename, so an interrupted or
failing writer leaves the previous good file in place. Every input problem is an
:class:`~bench.errors.InputError` naming the file (and line); no reader holds more than one line
(at most :data:`MAX_LINE_BYTES`) of a JSONL file in memory.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

from bench.errors import EnqueteError, InputError, SchemaError

T = TypeVar("T")

MAX_LINE_BYTES = 64 * 1024 * 1024
"""Longest accepted JSONL line: a bound on memory, far above any real document (the longest is < 1 MB)."""


def current_umask() -> int:
    """The process umask (read from /proc where possible: ``os.umask`` can only be read by setting it)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def _follow_umask(folder: Path) -> None:
    """Give a ``mkdtemp`` folder (0700) the mode a plain ``mkdir`` would."""
    os.chmod(folder, 0o777 & ~current_umask())


@contextmanager
def atomic_writer(path: Path) -> Iterator[IO[str]]:
    """A text handle on a temporary sibling of ``path``, renamed over ``path`` only if the block succeeds.

    On any exception (including ``KeyboardInterrupt`` from SIGINT) the temporary file is removed and
    ``path`` keeps its previous content.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise EnqueteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            os.fchmod(fh.fileno(), 0o666 & ~current_umask())  # mkstemp makes 0600
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise EnqueteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: never a half-written file."""
    with atomic_writer(path) as fh:
        fh.write(text)


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_text(path, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def atomic_write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    """Write one JSON object per line, streaming ``rows`` (a list or a generator) into the temporary file."""
    with atomic_writer(path) as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")


def replace_dir(target: Path, fill: Callable[[Path], None]) -> None:
    """Build a directory in a temporary sibling with ``fill`` and swap it in only when complete.

    If ``fill`` raises (or the process gets SIGINT), the temporary folder is removed and ``target``
    is left exactly as it was.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        raise EnqueteError(f"{target}: cannot write: {exc.strerror or exc}") from None
    old = target.with_name(f".{target.name}.old")
    try:
        _follow_umask(tmp)
        fill(tmp)
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            target.rename(old)
        tmp.rename(target)
        if old.exists():
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not target.exists():
            old.rename(target)
        raise


def read_json(path: Path) -> Any:
    """Parse a whole (small) JSON file, such as a results file; any problem is one :class:`InputError`."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: invalid JSON: {json_problem(exc)}") from None
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{path}: invalid JSON: {str(exc)[:80]}") from None


def json_problem(exc: json.JSONDecodeError) -> str:
    """``exc``'s message with its column, worded for one line ("Unterminated string starting at column 7")."""
    return f"{exc.msg} column {exc.colno}" if exc.msg.endswith(" at") else f"{exc.msg} at column {exc.colno}"


JSON_LINES_HINT = "expected JSON Lines (one JSON object per line)"


def _whole_file_is_json(path: Path, max_bytes: int) -> bool:
    """True when ``path`` (at most ``max_bytes``) parses as one JSON document: a .json file, not JSON Lines."""
    try:
        if path.stat().st_size > max_bytes:
            return False
        json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return False
    return True


def _lines(path: Path, max_line: int) -> Iterator[tuple[int, bytes]]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with fh:
        lineno = 0
        while True:
            try:
                raw = fh.readline(max_line + 1)
            except OSError as exc:
                raise InputError(f"{path}:{lineno + 1}: cannot read: {exc.strerror or exc}") from None
            if not raw:
                return
            lineno += 1
            if len(raw) > max_line:
                raise InputError(f"{path}:{lineno}: line is longer than {max_line:,} bytes "
                                 "(one document per line; is this a JSONL file?)")
            yield lineno, raw


def iter_jsonl(path: Path, parse: Callable[[Any, str], T], max_line: int = MAX_LINE_BYTES) -> Iterator[T]:
    """Stream a JSONL file, yielding ``parse(obj, where)`` per non-blank line.

    Any problem (unreadable file, invalid UTF-8, invalid JSON, a line that is not an object, a line
    over ``max_line`` bytes, a schema error) raises :class:`InputError` naming the file and the line.
    A UTF-8 byte-order mark and blank lines are accepted. Memory is bounded by the longest line.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    first = True
    for lineno, raw in _lines(path, max_line):
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            hint = " (UTF-16? save the file as UTF-8)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
            raise InputError(f"{path}:{lineno}: not valid UTF-8 (byte {exc.start}){hint}") from None
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            if first and _whole_file_is_json(path, max_line):
                raise InputError(f"{path}: {JSON_LINES_HINT}, but the file is one JSON document spread over "
                                 "several lines; write each document as one object on its own line") from None
            hint = " (truncated last line?)" if not raw.endswith(b"\n") else ""
            raise InputError(f"{path}:{lineno}: invalid JSON: {json_problem(exc)}{hint}") from None
        except RecursionError:
            raise InputError(f"{path}:{lineno}: invalid JSON: nested too deeply") from None
        except ValueError as exc:  # e.g. an integer literal with thousands of digits
            raise InputError(f"{path}:{lineno}: invalid JSON: {str(exc)[:80]}") from None
        if first and isinstance(obj, list):
            raise InputError(f"{path}:{lineno}: expected a JSON object, got list ({JSON_LINES_HINT}, not a JSON "
                             "array: write each element on its own line)")
        first = False
        if not isinstance(obj, dict):
            raise InputError(f"{path}:{lineno}: expected a JSON object, got {type(obj).__name__}")
        try:
            yield parse(obj, f"{path}:{lineno}")
        except SchemaError as exc:
            raise InputError(str(exc)) from None
