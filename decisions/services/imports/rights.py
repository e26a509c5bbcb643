"""An import is held to the importing staff user's rights, the same table the admin's forms
answer from (ombudsman/roles.py): the admin's upload always imports as the staff user signed in.
The command line imports with no user and may do everything; so may code that names a user who
is not staff only to record who the audit trail should name (code could as well pass no user).

Recommendations have no identity of their own in the case files, so the recommendations a file
gives for a decision replace (delete) those it had: a user who may not delete recommendations
(caseworkers) may add them to a decision that has none, but a row that would replace stored
ones is refused, with its line and the reason, and so nothing is imported."""

from __future__ import annotations

from django.db.models import Count

from decisions.models import Recommendation
from ombudsman.roles import allowed

from .layout import Problem


def _held(user) -> bool:
    return user is not None and bool(getattr(user, "is_staff", False))


def import_refusal(user) -> str | None:
    """Why the user may not import at all, or None."""
    if not _held(user) or allowed(user, "decisions.decision", "import"):
        return None
    return f"{user} may not import decisions."


class ReplacementCheck:
    """Refuses the recommendation rows that would replace stored recommendations, for a user
    who may not delete them. Each reference costs one lookup, the first time a row names it
    (before any of this import's recommendations for it are written)."""

    def __init__(self, user):
        self.user = user
        self.active = _held(user) and not allowed(user, "decisions.recommendation", "delete")
        self.looked_up: set[str] = set()
        self.stored: dict[str, int] = {}  # reference -> its stored recommendations

    def problems(self, file: str, rows: list[tuple[int, dict]]) -> list[Problem]:
        if not self.active:
            return []
        fresh = {values["decision_reference"] for _, values in rows} - self.looked_up
        if fresh:
            counts = (
                Recommendation.objects.filter(decision__reference__in=fresh)
                .values("decision__reference")
                .order_by()
                .annotate(count=Count("id"))
                .values_list("decision__reference", "count")
            )
            self.stored.update(counts)
            self.looked_up |= fresh
        return [
            Problem(
                file,
                line,
                "decision_reference",
                f"{reference} already has {self.stored[reference]} recommendation(s), which "
                f"this file's recommendations for it would replace (delete); {self.user} may "
                "not delete recommendations, so they cannot be replaced by an import",
            )
            for line, values in rows
            if (reference := values["decision_reference"]) in self.stored
        ]
