"""Names for the fields of the admin's tabular inlines. Django's tabular inline prints each
field's label once, as a column heading, and no <label> beside the field: a screen reader
reaching a box in a recommendation's row heard only "edit text" (axe: 19 critical problems on a
decision's change form, issue 15). Each field is given its column's name as its own."""

from __future__ import annotations

from django.utils.text import capfirst


class LabelledTabularInline:
    """Mixin for an `admin.TabularInline`: every field of every row named by its label."""

    def get_formset(self, request, obj=None, **kwargs):
        base = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(base):
            def add_fields(self, form, index):
                # After Django's own fields: the row's "Delete?" box comes from here.
                super().add_fields(form, index)
                for field in form.fields.values():
                    # Django's aria-describedby (the help text) stays: it adds a description.
                    field.widget.attrs.setdefault("aria-label", capfirst(str(field.label)))

        LabelledFormSet.__name__ = base.__name__
        return LabelledFormSet
