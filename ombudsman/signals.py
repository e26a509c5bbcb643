"""Every save or delete of a model behind the figures bumps the data version. Bulk writes send no
signals, so the import services call `data_changed()` themselves."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .dataversion import data_changed

WATCHED = (
    "councils.Council",
    "councils.Population",
    "decisions.Decision",
    "decisions.Recommendation",
    "decisions.AnnualLetter",
    "decisions.StatisticsSnapshot",
)


def _bump(sender, **kwargs):
    if kwargs.get("raw"):  # loaddata: the loader calls data_changed() once at the end
        return
    data_changed()


for label in WATCHED:
    post_save.connect(_bump, sender=label, dispatch_uid=f"dataversion-save-{label}")
    post_delete.connect(_bump, sender=label, dispatch_uid=f"dataversion-delete-{label}")
m2m_changed.connect(_bump, sender="councils.Council_replaced_by", dispatch_uid="dataversion-m2m")
