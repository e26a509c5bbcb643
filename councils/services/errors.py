"""The one error type every council-side importer raises for bad input."""

from __future__ import annotations

# Long error lists are cut in messages; the full list stays on the exception.
SHOWN_PROBLEMS = 30


class DataImportError(Exception):
    """The input cannot be imported. Nothing was changed.

    `problems` lists every problem found (each naming the line or feature), so that a person
    fixing a file sees them all at once instead of one per run.
    """

    def __init__(self, summary: str, problems: list[str] | None = None):
        self.summary = summary
        self.problems = list(problems or [])
        super().__init__(self._message())

    def _message(self) -> str:
        if not self.problems:
            return self.summary
        lines = [self.summary, *(f"  - {p}" for p in self.problems[:SHOWN_PROBLEMS])]
        if len(self.problems) > SHOWN_PROBLEMS:
            lines.append(f"  ... and {len(self.problems) - SHOWN_PROBLEMS} more")
        return "\n".join(lines)
