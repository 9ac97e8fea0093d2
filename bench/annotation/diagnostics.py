"""Validation findings: a stable check id, where it happened, and one line of explanation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding. Printed as ``<check-id> <doc-id>:<offset> <message> [<file>:<line>]``."""

    check: str
    doc: str
    offset: int | None
    message: str
    file: str = ""
    line: int | None = None
    severity: str = "error"  # "error", "warning" or "info" (a report, never a finding)

    def format(self) -> str:
        where = f"{self.doc}:{self.offset if self.offset is not None else '-'}"
        loc = ""
        if self.file:
            loc = f" [{self.file}{':' + str(self.line) if self.line else ''}]"
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{prefix}{self.check} {where} {self.message}{loc}"


def errors(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == "error"]
