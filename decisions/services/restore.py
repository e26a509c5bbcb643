"""Bringing back a deleted decision, recommendation or letter from the audit trail.

django-simple-history keeps a final "deleted" row for every deletion, including the
recommendations that went with a deleted decision; restoring a decision brings those back too.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from decisions.models import Decision, Recommendation

# Recommendations deleted along with their decision share its deletion moment, give or take the
# time the cascade took.
CASCADE_WINDOW = dt.timedelta(minutes=1)


class RestoreError(Exception):
    pass


def _restore(record, user, reason: str):
    model = record.instance_type
    if model.objects.filter(pk=record.instance.pk).exists():
        raise RestoreError(f"{record.instance} exists already: there is nothing to restore.")
    instance = record.instance
    instance._change_reason = reason
    if user is not None:
        instance._history_user = user
    instance.save(force_insert=True)
    return instance


@transaction.atomic
def history_restore(*, record, user=None) -> object:
    """Recreate the object a deletion record (`history_type == "-"`) describes."""
    if record.history_type != "-":
        raise RestoreError("Only a deletion can be restored.")
    reason = f"Restored from the deletion of {record.history_date:%d %B %Y %H:%M}"
    if isinstance(record.instance, Decision):
        if Decision.objects.filter(reference=record.reference).exists():
            raise RestoreError(f"Another decision now has the reference {record.reference}.")
        decision = _restore(record, user, reason)
        gone = Recommendation.history.filter(
            decision_id=decision.pk,
            history_type="-",
            history_date__range=(record.history_date - CASCADE_WINDOW, record.history_date),
        )
        for rec_record in gone:
            if not Recommendation.objects.filter(pk=rec_record.id).exists():
                _restore(rec_record, user, reason)
        return decision
    return _restore(record, user, reason)
