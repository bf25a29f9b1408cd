"""The knowledge routes under ``/api/v1``: global entities and events (issue 4)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from pydantic import Field

from ..nlp.facts import EntityType, Event, EventType, Role
from ..store import Store
from ..store.knowledge import EntityRecord, EventQuery, EventRecord
from ..store.sql import SQLStore
from . import errors
from .convert import next_offset
from .models import Model, Page
from .params import IsoDate
from .routes import MAX_TEXT, PageParams, _read

router = APIRouter(responses=errors.responses(400, 404, 422, 500, 503))
EntityId = Annotated[
    str, Path(pattern=r"^g[0-9a-f]{10}$", description="a global entity id ('g' + 10 hex)")
]


class EntityOut(Model):
    """A person, organisation or place resolved across articles."""

    id: str
    type: EntityType
    name: str
    aliases: list[str]
    roles: list[Role] = Field(description="titles with the publication date they were seen")
    articles: int = Field(description="articles that mention it")


class EntitiesOut(Page):
    entities: list[EntityOut]


class ParticipantOut(Model):
    entity: str | None = Field(description="global entity id")
    name: str
    role: str


class EventOut(Model):
    article_id: str
    event: Event = Field(description="the event as extracted (offsets into the article text)")
    participants: list[ParticipantOut]


class EventsOut(Page):
    events: list[EventOut]


class EntityParams(PageParams):
    q: str | None = Field(default=None, max_length=MAX_TEXT, description="name or alias contains")
    type: EntityType | None = None


class EventParams(PageParams):
    type: EventType | None = None
    participant: str | None = Field(
        default=None, max_length=MAX_TEXT, description="global entity id or name contains"
    )
    place: str | None = Field(default=None, max_length=MAX_TEXT, description="place contains")
    since: IsoDate | None = Field(default=None, description="event dated on or after")
    until: IsoDate | None = Field(default=None, description="event dated on or before")


def _sql(store: Store) -> SQLStore:
    if not isinstance(store, SQLStore):
        raise errors.NotFound("this store keeps no entities")
    return store


def _entity(e: EntityRecord) -> EntityOut:
    return EntityOut(
        id=e.id, type=EntityType(e.type), name=e.name, aliases=list(e.aliases),
        roles=list(e.roles), articles=e.articles,
    )  # fmt: skip


def _event(e: EventRecord) -> EventOut:
    parts = [ParticipantOut(entity=g, name=n, role=r) for g, n, r in e.participants]
    return EventOut(article_id=e.article_id, event=e.event, participants=parts)


@router.get("/entities", summary="List entities")
async def list_entities(request: Request, params: Annotated[EntityParams, Query()]) -> EntitiesOut:
    """Global entities, most seen first, with aliases and roles over time."""

    def work(store: Store) -> EntitiesOut:
        kind = params.type.value if params.type else None
        total, page = _sql(store).entities(params.q, kind, params.limit, params.offset)
        return EntitiesOut(
            total=total, limit=params.limit, offset=params.offset,
            next_offset=next_offset(params.offset, len(page), total),
            entities=[_entity(e) for e in page],
        )  # fmt: skip

    return await _read(request, work)


@router.get("/entities/{entity_id}", summary="One entity")
async def get_entity(request: Request, entity_id: EntityId) -> EntityOut:
    """A global entity with its aliases and roles over time."""

    def work(store: Store) -> EntityOut:
        found = _sql(store).entity(entity_id)
        if found is None:
            raise errors.NotFound(f"no entity {entity_id}")
        return _entity(found)

    return await _read(request, work)


@router.get("/events", summary="List events")
async def list_events(request: Request, params: Annotated[EventParams, Query()]) -> EventsOut:
    """Events, newest dated first; filters: type, participant, place, since/until."""
    query = EventQuery(
        type=params.type.value if params.type else None, participant=params.participant,
        place=params.place, since=params.since.isoformat() if params.since else None,
        until=params.until.isoformat() if params.until else None, limit=params.limit,
        offset=params.offset,
    )  # fmt: skip

    def work(store: Store) -> EventsOut:
        total, page = _sql(store).events(query)
        return EventsOut(
            total=total, limit=params.limit, offset=params.offset,
            next_offset=next_offset(params.offset, len(page), total),
            events=[_event(e) for e in page],
        )  # fmt: skip

    return await _read(request, work)
