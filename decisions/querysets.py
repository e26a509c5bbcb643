from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connections, models, transaction
from django.db.models import ExpressionWrapper, F, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from ombudsman.dataversion import batched_changes, data_changed
from ombudsman.ordering import order_of
from ombudsman.years import ReportingYear

from .choices import SERVICE_IMPROVEMENT_KINDS
from .search_plan import sorts_matches

# Ids per `__in` lookup when finding the councils rows belong to: under SQLite's oldest limit
# of 999 parameters a statement.
CHUNK = 900
# The lists' order, newest first (Decision.Meta.ordering, `decision_list_order_idx`).
LIST_ORDER = ("-decision_date", "reference")
# What a decision without a publication date counts as published on: never.
NEVER_PUBLISHED = dt.date.max


def _chunks(values: Iterable) -> Iterable[list]:
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _is_expression(value) -> bool:
    return hasattr(value, "resolve_expression")


def _published_by(field: str, today: dt.date | None) -> LessThanOrEqual:
    """`field <= today`, a decision never published (NULL) being never public, written so that
    no index on the date is used for it. Most decisions are public, so an index cannot narrow
    this; yet PostgreSQL would combine the whole index with a word search's (a bitmap of 637,000
    public decisions at ten times the sample, 45 of a search's 115 ms, for its count and again
    for its page), where testing the date on the rows the search found costs next to nothing.
    (The admin's filter for scheduled decisions, `published_on > today`, a few rows, still uses
    the index.)"""
    return LessThanOrEqual(
        Coalesce(F(field), Value(NEVER_PUBLISHED)), today or timezone.localdate()
    )


class TallyKeepingQuerySet(models.QuerySet):
    """Bulk writes that keep `CouncilYearTally` and the data version right.

    A save or delete of one row is seen by the signals (`decisions.signals`,
    `ombudsman.signals`); `update()`, `bulk_create()` and `bulk_update()` send none, so here they
    recount the councils whose rows they wrote (for an update, the councils of the rows both
    before and after it: it may move rows to another council) and bump the data version, in the
    same transaction as the write. `delete()` does send a signal per row, each of which would
    recount a council and bump the version: here it is one recount and one bump for the lot.
    Inside `batched_changes()` the recount waits for the end of the batch, like the signals'.

    Subclasses say how a row reaches its council: `council_path` for a query, `move_fields` the
    fields an update may move rows to another council with, `_objects_councils` for instances.
    """

    council_path: str
    move_fields: tuple[str, ...]

    def _councils(self) -> set[int]:
        return set(self.order_by().values_list(self.council_path, flat=True).distinct())

    def _councils_of_pks(self, pks: Iterable) -> set[int]:
        base = self.model._base_manager.using(self.db).order_by()
        councils: set[int] = set()
        for chunk in _chunks(pks):
            councils.update(
                base.filter(pk__in=chunk).values_list(self.council_path, flat=True).distinct()
            )
        return councils

    def _councils_of_targets(self, targets: list) -> set[int]:
        """The councils of the values an update moves rows to (model instances or ids)."""
        raise NotImplementedError

    def _objects_councils(self, objs) -> set[int]:
        raise NotImplementedError

    def _tallies_mark(self, council_ids: set[int]) -> None:
        # Imported here: the tallies service imports the models, which import this module.
        from decisions.services.tallies import tallies_mark

        tallies_mark(council_ids)
        data_changed()

    def update(self, **kwargs):
        if self.query.is_sliced or self.query.combinator:
            return super().update(**kwargs)  # which refuses, with Django's message
        targets = [kwargs[name] for name in self.move_fields if name in kwargs]
        per_row = any(_is_expression(value) for value in targets)
        with transaction.atomic(using=self.db, savepoint=False):
            if per_row:
                # An expression (bulk_update's CASE, an F()) gives each row its own council:
                # find the rows again by key afterwards, as the filter may no longer match them.
                rows = list(self.order_by().values_list("pk", self.council_path))
                before = {council for _, council in rows}
            else:
                before = self._councils()
            count = super().update(**kwargs)
            if count:
                if per_row:
                    after = self._councils_of_pks(pk for pk, _ in rows)
                else:
                    after = self._councils_of_targets(targets)
                self._tallies_mark(before | after)
        return count

    update.alters_data = True

    def bulk_create(
        self,
        objs,
        batch_size=None,
        ignore_conflicts=False,
        update_conflicts=False,
        update_fields=None,
        unique_fields=None,
    ):
        objs = list(objs)
        options = {
            "batch_size": batch_size,
            "ignore_conflicts": ignore_conflicts,
            "update_conflicts": update_conflicts,
            "update_fields": update_fields,
            "unique_fields": unique_fields,
        }
        if not objs:
            return super().bulk_create(objs, **options)
        with transaction.atomic(using=self.db, savepoint=False):
            # An upsert may move a stored row to another council: count its old one too.
            before = self._conflicting_councils(objs, unique_fields) if update_conflicts else set()
            created = super().bulk_create(objs, **options)
            self._tallies_mark(before | self._objects_councils(objs))
        return created

    bulk_create.alters_data = True

    def _conflicting_councils(self, objs, unique_fields) -> set[int]:
        fields = [self.model._meta.get_field(name) for name in unique_fields or ()]
        if not fields:
            return set()
        councils: set[int] = set()
        for chunk in _chunks(objs):
            match = models.Q()
            for obj in chunk:
                match |= models.Q(**{f.attname: getattr(obj, f.attname) for f in fields})
            councils.update(
                self.model._base_manager.using(self.db)
                .filter(match)
                .order_by()
                .values_list(self.council_path, flat=True)
                .distinct()
            )
        return councils

    def bulk_update(self, objs, fields, batch_size=None):
        objs = tuple(objs)
        if not objs or not fields:
            return super().bulk_update(objs, fields, batch_size=batch_size)
        # Django's bulk_update runs an update() per batch, which recounts as above (its CASE per
        # row is an expression, so moved rows are found by key); the batch makes that one
        # recount and one bump in all.
        with transaction.atomic(using=self.db, savepoint=False), batched_changes():
            return super().bulk_update(objs, fields, batch_size=batch_size)

    bulk_update.alters_data = True

    def delete(self):
        if self.query.is_sliced or self.query.combinator or self._fields is not None:
            return super().delete()  # which refuses, with Django's message
        with transaction.atomic(using=self.db, savepoint=False):
            councils = self._councils()
            if not councils:
                return super().delete()
            # Each deleted row's signals defer their recount and bump to the end of the batch;
            # the councils are named here as well, so a delete that Django makes without
            # signals (none connected) is counted too.
            with batched_changes():
                result = super().delete()
                self._tallies_mark(councils)
        return result

    delete.alters_data = True
    delete.queryset_only = True


class DecisionQuerySet(TallyKeepingQuerySet):
    # The lexemes a word search asked for (`decisions.search`), for `for_depth`: a clone keeps
    # them, as it keeps the filters they came with.
    _lexemes: tuple[str, ...] = ()

    def _clone(self):
        clone = super()._clone()
        clone._lexemes = self._lexemes
        return clone

    def searched_for(self, lexemes: Iterable[str]) -> DecisionQuerySet:
        """These decisions, marked as those holding every one of `lexemes` (and of any marked
        before): the filter itself is the caller's."""
        clone = self._chain()
        clone._lexemes = (*self._lexemes, *lexemes)
        return clone

    def for_depth(self, depth: int) -> DecisionQuerySet:
        """These decisions, for a page ending `depth` rows in (the paginators ask,
        `ombudsman.counts`): a word search in the lists' order, sorted after finding every
        match where that is cheaper than walking the order's index
        (`decisions.search_plan`). The same rows in the same order either way."""
        if not self._lexemes or order_of(self) != LIST_ORDER:
            return self
        if not sorts_matches(self.model._meta.db_table, self._lexemes, depth):
            return self
        # An expression the index does not hold, of the same value: PostgreSQL cannot walk
        # the index for it, so it finds the matches through the word index and sorts them.
        unindexed = ExpressionWrapper(F("decision_date") + 0, output_field=models.DateField())
        return self.order_by(unindexed.desc(), "reference")

    def public(self, today: dt.date | None = None) -> DecisionQuerySet:
        """Decisions that may be shown: published on or before today. Every public page, the API
        and the CSV start from here, so an unpublished statement can never leak."""
        return self.filter(_published_by("published_on", today))

    def in_year(self, year: ReportingYear) -> DecisionQuerySet:
        return self.filter(decision_date__range=(year.first_day, year.last_day))

    def newest_first(self) -> DecisionQuerySet:
        """In the lists' order (Meta.ordering, its index `decision_list_order_idx`). The
        `decision_date` bound is always true of a public decision (published on or after its
        decision date, a database check), and said so that SQLite walks the decision-date index
        newest first: left to the publication date's condition, it sorted every public decision
        for each page (0.4 s)."""
        return self.filter(decision_date__lte=timezone.localdate()).order_by(*LIST_ORDER)

    def distinct_by_probes(self, *fields: str) -> list[tuple]:
        """Each distinct combination of the text `fields` among these decisions, in order, found
        by one probe of an index on them per combination (a loose index scan): the first row
        after the last combination found. A `SELECT DISTINCT` reads every row's entry instead,
        on the first request after each change: 650 to 860 ms for the search page's categories
        and subcategories at ten times the sample. The probes are one recursive query: as 55
        queries of their own, PostgreSQL planned each afresh (0.5 to 1 ms each against 0.05 to
        run it), 39 ms of the first search page after a change (3 December). Needs an index
        that starts with `fields`; the combinations must be few, and none of them NULL."""
        rows = self.order_by(*fields)
        table = self.model._meta.db_table
        columns = ", ".join(f'"{table}"."{self.model._meta.get_field(f).column}"' for f in fields)
        names = [f"probe_{n}" for n in range(len(fields))]
        # A row comparison, which both databases read as one range of the index (an OR of a
        # comparison per column is a filter on every row from the start).
        after = RawSQL(
            f"({columns}) > ({', '.join(f'probes.{name}' for name in names)})",
            [],
            output_field=models.BooleanField(),
        )
        first, following, params = [], [], []
        for field in fields:
            # Each column of a combination is a probe of its own, the same one: a column in the
            # ORM's words, and what both databases can write in a recursive query's step.
            sql, more = rows.values_list(field)[:1].query.sql_with_params()
            first.append(f"CAST(({sql}) AS TEXT)")
            params.extend(more)
        for field in fields:
            sql, more = rows.filter(after).values_list(field)[:1].query.sql_with_params()
            following.append(f"CAST(({sql}) AS TEXT)")
            params.extend(more)
        sql = (
            f"WITH RECURSIVE probes({', '.join(names)}) AS (SELECT {', '.join(first)} "
            f"UNION ALL SELECT {', '.join(following)} FROM probes "
            f"WHERE probes.{names[0]} IS NOT NULL) "
            f"SELECT {', '.join(names)} FROM probes WHERE {names[0]} IS NOT NULL"
        )
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            return [tuple(row) for row in cursor.fetchall()]

    council_path = "council_id"
    move_fields = ("council", "council_id")

    def _councils_of_targets(self, targets: list) -> set[int]:
        return {getattr(value, "pk", value) for value in targets}

    def _objects_councils(self, objs) -> set[int]:
        return {obj.council_id for obj in objs}


class RecommendationQuerySet(TallyKeepingQuerySet):
    def public(self, today: dt.date | None = None) -> RecommendationQuerySet:
        return self.filter(_published_by("decision__published_on", today))

    def service_improvements(self) -> RecommendationQuerySet:
        return self.filter(kind__in=SERVICE_IMPROVEMENT_KINDS)

    def personal_remedies(self) -> RecommendationQuerySet:
        return self.exclude(kind__in=SERVICE_IMPROVEMENT_KINDS)

    council_path = "decision__council_id"
    move_fields = ("decision", "decision_id")

    def _councils_of_targets(self, targets: list) -> set[int]:
        return self._councils_of_decisions({getattr(value, "pk", value) for value in targets})

    def _objects_councils(self, objs) -> set[int]:
        return self._councils_of_decisions({obj.decision_id for obj in objs})

    def _councils_of_decisions(self, decision_ids: set) -> set[int]:
        decisions = self.model._meta.get_field("decision").related_model._base_manager
        councils: set[int] = set()
        for chunk in _chunks(decision_ids):
            councils.update(
                decisions.using(self.db)
                .filter(pk__in=chunk)
                .order_by()
                .values_list("council_id", flat=True)
                .distinct()
            )
        return councils
