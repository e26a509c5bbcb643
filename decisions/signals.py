"""Saves and deletes of decisions and recommendations recount the tallies of the councils they
touch (before and after the change: a decision moved to another council changes both), and so do
changes to a council's dates or successors."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from councils.models import Council
from decisions.models import Decision, Recommendation
from decisions.services.tallies import tallies_mark


def _council_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    if sender is Decision:
        stored = Decision.objects.filter(pk=instance.pk).values_list("council_id", flat=True)
    else:
        stored = Recommendation.objects.filter(pk=instance.pk).values_list(
            "decision__council_id", flat=True
        )
    instance._tally_council_before = stored.first()


def _council_of(instance) -> int | None:
    if isinstance(instance, Decision):
        return instance.council_id
    # The decision may already be gone (a cascade deletes it after its recommendations, and its
    # own signal recounts the council then).
    return (
        Decision.objects.filter(pk=instance.decision_id)
        .values_list("council_id", flat=True)
        .first()
    )


def _recount(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: a fixture of decisions carries its tallies (dumpdata writes both)
        return
    tallies_mark({_council_of(instance), getattr(instance, "_tally_council_before", None)})


def _council_changed(sender, instance, raw=False, action="post_save", **kwargs):
    # New dates or successors can move counts between the councils of a reorganisation.
    if not raw and action.startswith("post_") and isinstance(instance, Council):
        tallies_mark({instance.pk})


for model in (Decision, Recommendation):
    name = model._meta.label
    pre_save.connect(_council_before, sender=model, dispatch_uid=f"tally-before-{name}")
    post_save.connect(_recount, sender=model, dispatch_uid=f"tally-save-{name}")
    post_delete.connect(_recount, sender=model, dispatch_uid=f"tally-delete-{name}")
post_save.connect(_council_changed, sender=Council, dispatch_uid="tally-council-save")
m2m_changed.connect(
    _council_changed, sender=Council.replaced_by.through, dispatch_uid="tally-council-successors"
)
