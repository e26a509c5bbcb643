"""Which council answers for a case on a given day, across reorganisations.

The rule (docs on the data page, "Reorganisations"): a case belongs to the council that was
responsible for the service on the day that counts — the decision date for a decision, the day
the compliance outcome was recorded for a recommendation. When the council named had already been
abolished on that day, the case belongs to the council that took its services over
(`Council.replaced_by`, followed through later reorganisations). Where the services passed to
more than one council (Northamptonshire in 2021, Cumbria in 2023) the site cannot tell which of
them took the case over, so it refuses and asks; it never guesses. A day before the council
existed is refused too: the council named did not exist to be complained about.

One `Succession` serves the decision import, the admin forms, the sample generator and the
tallies, so every writer and every count apply the same rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from councils.models import Council


class SuccessionError(ValueError):
    """No single council answered for the case on that day; the message says why and what to
    give instead. `successors` names the councils a split passed the services to (empty when the
    day is before the council began or no successor existed)."""

    def __init__(self, message: str, *, successors: tuple[str, ...] = ()):
        super().__init__(message)
        self.successors = successors


@dataclass(frozen=True)
class _Node:
    name: str
    start: dt.date | None
    end: dt.date | None
    successors: tuple[int, ...]

    def exists_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or self.end >= day)


def _day(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


class Succession:
    """Every council's dates and successors in memory (350 councils: one query for the councils
    and one for the successor links), so that a bulk import can ask for every row."""

    def __init__(self, nodes: dict[int, _Node]):
        self._nodes = nodes

    @classmethod
    def load(cls, council_model=None) -> Succession:
        """`council_model` lets a migration pass its historical model."""
        model = council_model or Council
        links: dict[int, list[int]] = {}
        through = model.replaced_by.through
        for from_id, to_id in through.objects.values_list("from_council_id", "to_council_id"):
            links.setdefault(from_id, []).append(to_id)
        nodes = {
            pk: _Node(name, start, end, tuple(sorted(links.get(pk, ()))))
            for pk, name, start, end in model.objects.values_list(
                "pk", "name", "start_date", "end_date"
            )
        }
        return cls(nodes)

    def responsible(self, council_id: int, day: dt.date) -> int:
        """The council that answers on `day` for a case about council `council_id`: itself while
        it exists, else its one successor existing on the day. SuccessionError otherwise."""
        node = self._nodes[council_id]
        if node.exists_on(day):
            return council_id
        if node.start is not None and day < node.start:
            raise SuccessionError(
                f"{node.name} began on {_day(node.start)}: a case dated {_day(day)} belongs to "
                "the council that was responsible before it."
            )
        found = self._successors_on(council_id, day)
        if len(found) == 1:
            return found[0]
        assert node.end is not None  # neither before its start nor while it existed
        if not found:
            raise SuccessionError(
                f"{node.name} ended on {_day(node.end)} and no council that took over from it "
                f"existed on {_day(day)}."
            )
        names = " and ".join(self._nodes[pk].name for pk in found)
        raise SuccessionError(
            f"{node.name} ended on {_day(node.end)} and its services passed to {names}: a case "
            f"dated {_day(day)} belongs to one of them, so name that council instead.",
            successors=tuple(self._nodes[pk].name for pk in found),
        )

    def responsible_or_none(self, council_id: int, day: dt.date) -> int | None:
        try:
            return self.responsible(council_id, day)
        except SuccessionError:
            return None

    def family(self, council_ids) -> set[int]:
        """The councils linked to these by any chain of reorganisations, in either direction:
        a change to one can move counts to or from any of them."""
        neighbours: dict[int, set[int]] = {pk: set() for pk in self._nodes}
        for pk, node in self._nodes.items():
            for successor in node.successors:
                neighbours[pk].add(successor)
                neighbours.setdefault(successor, set()).add(pk)
        seen = set()
        todo = [pk for pk in council_ids if pk in self._nodes]
        while todo:
            pk = todo.pop()
            if pk not in seen:
                seen.add(pk)
                todo.extend(neighbours[pk] - seen)
        return seen

    def successors_on(self, council_id: int, day: dt.date) -> list[int]:
        """The councils existing on `day` that took over from council `council_id`, followed
        through later reorganisations (the search answers a former council's name with them)."""
        return self._successors_on(council_id, day)

    def _successors_on(self, council_id: int, day: dt.date) -> list[int]:
        found, seen = set(), {council_id}
        todo = list(self._nodes[council_id].successors)
        while todo:
            pk = todo.pop()
            if pk in seen or pk not in self._nodes:
                continue
            seen.add(pk)
            node = self._nodes[pk]
            if node.exists_on(day):
                found.add(pk)
            elif node.end is not None and node.end < day:
                todo.extend(node.successors)
        return sorted(found)
