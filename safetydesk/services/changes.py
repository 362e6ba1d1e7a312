"""What a mutation changed, so front ends refresh only what they must (anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")


class Topic(StrEnum):
    """Areas of data a view may depend on."""

    SETTINGS = "settings"
    VILLAGES = "villages"
    UNITS = "units"
    PEOPLE = "people"
    DOCUMENTS = "documents"
    HAZARDS = "hazards"
    INSPECTIONS = "inspections"
    HOLIDAYS = "holidays"
    PLANS = "plans"
    DRILLS = "drills"


@dataclass(frozen=True, slots=True)
class Changes:
    """Topics touched by a mutation, and the ids of records written (per topic)."""

    topics: frozenset[Topic] = field(default_factory=frozenset)
    ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *topics: Topic, ids: tuple[int, ...] = ()) -> Changes:
        """Changes for the given topics and record ids."""
        return cls(frozenset(topics), frozenset(ids))

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.topics | other.topics, self.ids | other.ids)

    def touches(self, *topics: Topic) -> bool:
        """True when any of ``topics`` changed."""
        return bool(self.topics.intersection(topics))


class Saved(NamedTuple, Generic[T]):
    """A saved record and what saving it changed."""

    record: T
    changes: Changes
