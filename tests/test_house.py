"""House rules that can be checked: small modules (docs/architecture.md, "The apps")."""

from .source_tree import ROOT, source_files

MAX_LINES = 400


def test_no_module_is_over_400_lines():
    # Migrations are written by Django, vendored files are not ours.
    long = {
        str(path.relative_to(ROOT)): lines
        for path in source_files(patterns=("*.py", "*.js"), skip=("migrations/", "vendor/"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
