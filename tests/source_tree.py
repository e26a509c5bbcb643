"""The project's files as git sees them, for the tests that hold the source tree to the house
rules (one definition of each rule, no module too long)."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def source_files(
    *, patterns: tuple[str, ...] = ("*.py", "*.js", "*.html", "*.txt"), skip: tuple[str, ...] = ()
) -> list[Path]:
    """Tracked and new (not ignored) files matching `patterns`, less those whose path holds one
    of `skip`; files deleted in the working tree are left out."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", *patterns],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    paths = [ROOT / name for name in listed if not any(part in name for part in skip)]
    return [path for path in paths if path.exists()]
