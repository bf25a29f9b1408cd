"""Records of the knowledge layer: entities, normalised times and events.

Every record is frozen and carries integer offsets into the article text (:class:`TextSpan`).
Ids are stable: an entity's id is derived from its type and canonical name
(:func:`entity_id`), a time's and an event's from their offsets, so the same article always
yields the same ids.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

from pydantic import Field

from ..article.model import Record, TextSpan


class EntityType(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    PLACE = "place"


class Role(Record):
    """A title an entity holds, as an article states it, with the date it was seen."""

    title: str
    affiliation: str | None = None
    seen: str | None = Field(default=None, description="publication date (ISO) it was seen on")


class Entity(Record):
    """A person, organisation or place within one article, with the mentions that support it."""

    id: str
    name: str = Field(description="canonical (fullest) name")
    type: EntityType
    aliases: tuple[str, ...] = Field(default=(), description="other names it goes by here")
    roles: tuple[Role, ...] = ()
    mentions: tuple[TextSpan, ...] = ()


class TimeGrain(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    RANGE = "range"
    DECADE = "decade"


class TimeExpression(Record):
    """A time expression normalised against the publication date.

    ``value`` is ISO-like by grain: ``2021-11-04`` (day), ``2021-W44`` (week), ``2021-11``
    (month), ``2021-Q4`` (quarter), ``2021`` (year), ``2021-11-01/2021-11-05`` or ``2007/2009``
    (range), ``1990/1999`` (decade). When
    the publication year is only bounded and the expression depends on it, ``value`` keeps
    ``XXXX`` for the year (``XXXX-11-04``) and ``year_min``/``year_max`` carry the bounds;
    ``value`` is ``None`` when nothing can be said without the year (a weekday).
    """

    id: str
    span: TextSpan
    value: str | None
    grain: TimeGrain
    relative: bool = Field(description="resolved against the publication date")
    year_min: int | None = None
    year_max: int | None = None


class EventType(StrEnum):
    """A compact event type set (docs/events.md)."""

    MEETING = "meeting"
    CALL = "call"
    VISIT = "visit"
    SIGNING = "signing"
    ADOPTION = "adoption"
    ANNOUNCEMENT = "announcement"
    SANCTION = "sanction"
    APPOINTMENT = "appointment"
    ELECTION = "election"
    MILITARY_ACTION = "military_action"
    PROTEST = "protest"
    LEGAL_ACTION = "legal_action"


class Participant(Record):
    entity: str = Field(description="entity id")
    name: str
    role: str = Field(description="agent, patient, attendee or partner")


class Event(Record):
    """Who did what, when and where, from one clause."""

    id: str
    type: EventType
    trigger: TextSpan
    span: TextSpan = Field(description="the sentence that states the event")
    participants: tuple[Participant, ...] = ()
    time: str | None = Field(default=None, description="id of the time expression")
    date: str | None = Field(default=None, description="its normalised value")
    place: str | None = Field(default=None, description="entity id of the place")
    place_name: str | None = None


def entity_id(type_: EntityType, name: str) -> str:
    """Stable id of an in-article entity: the same type and name give the same id."""
    key = f"{type_.value}:{' '.join(name.lower().split())}"
    return "e" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
