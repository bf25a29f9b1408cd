"""The knowledge layer in the store (schema 0004): each article's entities, mentions, times
and events, written with the article; global entities resolved across the whole store.

:func:`write` runs inside the store writer's transaction for a new article. :func:`resolve`
replays every stored article's entities, in ingest order, through
:class:`~quotegraph.knowledge.Resolver` and rewrites ``entities`` and
``article_entities.entity_id`` (``quotegraph entities --rebuild``); after each ingest run it
adds only the new articles to the resolver the last resolution saved (``resolver_state``,
schema 0008). Reads return plain typed records.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..article.model import TextSpan
from ..knowledge import Resolver
from ..nlp.facts import Entity, EntityType, Event, Participant, Role, TimeExpression, TimeGrain
from ..nlp.model import Document
from .rows import utc_now

if TYPE_CHECKING:
    from .sql import SQLStore

GLOBAL_ID = re.compile(r"g[0-9a-f]{10}")
FULL_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
ENTITY_COLUMNS = ("article_id", "local_id", "entity_id", "type", "name", "aliases", "roles")
MENTION_COLUMNS = ("article_id", "local_id", "start_char", "end_char", "text")
TIME_COLUMNS = (
    "article_id", "id", "start_char", "end_char", "text", "value", "grain", "relative",
    "year_min", "year_max",
)  # fmt: skip
EVENT_COLUMNS = (
    "article_id", "id", "type", "trigger_text", "trigger_start", "trigger_end",
    "sentence_start", "sentence_end", "time_id", "date", "date_from", "place_local_id",
    "place_name",
)  # fmt: skip
PARTICIPANT_COLUMNS = ("article_id", "event_id", "idx", "local_id", "name", "role")


@dataclasses.dataclass(frozen=True, slots=True)
class EntityRecord:
    """A global entity with its aliases, roles over time and how often it is seen."""

    id: str
    type: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]
    articles: int


@dataclasses.dataclass(frozen=True, slots=True)
class EventRecord:
    """A stored event with its article and its participants' global entity ids."""

    article_id: str
    event: Event
    participants: tuple[tuple[str | None, str, str], ...]  # (global id, name, role)


def _roles(roles: tuple[Role, ...] | list[Role]) -> str:
    return json.dumps([r.model_dump() for r in roles], ensure_ascii=False)


def write(store: SQLStore, doc: Document) -> None:
    """Insert a new article's knowledge rows (inside the writer's transaction)."""
    aid = doc.article.id
    store._insert_rows(
        "article_entities",
        ENTITY_COLUMNS,
        (
            {"article_id": aid, "local_id": e.id, "entity_id": None, "type": e.type.value,
             "name": e.name, "aliases": json.dumps(list(e.aliases), ensure_ascii=False),
             "roles": _roles(e.roles)}
            for e in doc.entities
        ),
    )  # fmt: skip
    store._insert_rows(
        "mentions",
        MENTION_COLUMNS,
        (
            {"article_id": aid, "local_id": local, "start_char": m.start, "end_char": m.end,
             "text": m.text}
            for (local, _), m in {(e.id, m.start): m for e in doc.entities
                                  for m in e.mentions}.items()  # a mention once (the key)
        ),
    )  # fmt: skip
    store._insert_rows("times", TIME_COLUMNS, (_time_row(aid, t) for t in doc.times))
    store._insert_rows("events", EVENT_COLUMNS, (_event_row(aid, v) for v in doc.events))
    store._insert_rows(
        "event_participants",
        PARTICIPANT_COLUMNS,
        (
            {"article_id": aid, "event_id": v.id, "idx": i, "local_id": p.entity,
             "name": p.name, "role": p.role}
            for v in doc.events for i, p in enumerate(v.participants)
        ),
    )  # fmt: skip


def _time_row(aid: str, t: TimeExpression) -> dict[str, Any]:
    return {
        "article_id": aid, "id": t.id, "start_char": t.span.start, "end_char": t.span.end,
        "text": t.span.text, "value": t.value, "grain": t.grain.value, "relative": t.relative,
        "year_min": t.year_min, "year_max": t.year_max,
    }  # fmt: skip


def _event_row(aid: str, v: Event) -> dict[str, Any]:
    return {
        "article_id": aid, "id": v.id, "type": v.type.value, "trigger_text": v.trigger.text,
        "trigger_start": v.trigger.start, "trigger_end": v.trigger.end,
        "sentence_start": v.span.start, "sentence_end": v.span.end, "time_id": v.time,
        "date": v.date, "date_from": v.date.split("/")[0] if v.date else None,
        "place_local_id": v.place, "place_name": v.place_name,
    }  # fmt: skip


def entity_filter(entity: str | None, like: str) -> tuple[str, str | None]:
    """A search filter: the statement's speaker is this global entity (an id, or a name or
    alias that contains the text)."""
    test = "e.id = ?" if entity and GLOBAL_ID.fullmatch(entity) else f"e.name {like} ?"
    value = entity if entity is None or GLOBAL_ID.fullmatch(entity) else f"%{entity}%"
    return (
        "EXISTS (SELECT 1 FROM article_entities AS ae JOIN entities AS e ON e.id = ae.entity_id "
        f"WHERE ae.article_id = s.article_id AND ae.local_id = s.speaker_entity AND {test})",
        value,
    )


def attach(store: SQLStore, doc: Document) -> Document:
    """``doc`` (read from the store) with its entities, times, events and speaker links."""
    aid, text = doc.article.id, doc.article.text
    spans: dict[str, list[TextSpan]] = defaultdict(list)
    for r in store._execute(
        "SELECT local_id, start_char, end_char FROM mentions WHERE article_id = ? "
        "ORDER BY start_char",
        (aid,),
    ):
        spans[r["local_id"]].append(TextSpan.of(text, r["start_char"], r["end_char"]))
    entities = [
        Entity(
            id=r["local_id"], name=r["name"], type=EntityType(r["type"]),
            aliases=tuple(json.loads(r["aliases"])),
            roles=tuple(Role(**x) for x in json.loads(r["roles"])),
            mentions=tuple(spans[r["local_id"]]),
        )
        for r in store._execute("SELECT * FROM article_entities WHERE article_id = ?", (aid,))
    ]  # fmt: skip
    entities.sort(key=lambda e: (e.mentions[0].start if e.mentions else 0, e.id))
    times = [
        TimeExpression(
            id=r["id"], span=TextSpan.of(text, r["start_char"], r["end_char"]),
            value=r["value"], grain=TimeGrain(r["grain"]), relative=bool(r["relative"]),
            year_min=r["year_min"], year_max=r["year_max"],
        )
        for r in store._execute(
            "SELECT * FROM times WHERE article_id = ? ORDER BY start_char", (aid,)
        )
    ]  # fmt: skip
    found = _events(store, "e.article_id = ?", [aid], 10**6, 0, text, "e.trigger_start")
    events = [e.event for e in found]
    links = {
        r["idx"]: r["speaker_entity"]
        for r in store._execute(
            "SELECT idx, speaker_entity FROM statements WHERE article_id = ?", (aid,)
        )
    }
    statements = tuple(
        s.model_copy(update={"speaker": s.speaker.model_copy(update={"entity": links.get(i)})})
        for i, s in enumerate(doc.statements)
    )
    return doc.model_copy(
        update={"entities": tuple(entities), "times": tuple(times), "events": tuple(events),
                "statements": statements}
    )  # fmt: skip


RESOLVE_PAGE = 500  # articles whose entities are read per query when resolving a store
STATE_FORMAT = 1  # resolver_state.format: a state saved in another format is not read
_ARTICLES_AFTER = """SELECT id, ingested_at FROM articles AS a WHERE ({where}) AND
(ingested_at > ? OR (ingested_at = ? AND id > ?)) ORDER BY ingested_at, id LIMIT ?"""
_GLOBAL_COLUMNS = ("id", "type", "name", "aliases", "roles", "articles")
_UPSERT_ENTITY = f"""INSERT INTO entities ({", ".join(_GLOBAL_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET type = excluded.type, name = excluded.name,
aliases = excluded.aliases, roles = excluded.roles, articles = excluded.articles"""
_UNRESOLVED = """EXISTS (SELECT 1 FROM article_entities AS ae WHERE ae.article_id = a.id AND
ae.entity_id IS NULL)"""


def resolve(store: SQLStore, incremental: bool = False) -> dict[str, int]:
    """Cross-article resolution; counts of what it wrote (``article_entities``: the article
    entities it resolved). Incremental: the saved resolver takes the articles whose entities
    are not resolved yet, and only the global entities they touch are written again; without
    a saved state (a first run, or after a delete or re-extraction) or when not incremental,
    the whole store is resolved from scratch. Both give what a resolution of every article
    in ingest order gives. Articles are read a page at a time, so memory holds the global
    entities, never every stored entity row at once."""
    resolver = _saved_resolver(store) if incremental else None
    if resolver is None:
        return _resolve_all(store)
    return _resolve_new(store, resolver)


def _resolve_all(store: SQLStore) -> dict[str, int]:
    resolver = Resolver()
    assigned = _add_articles(store, resolver, "1 = 1")
    with store._transaction():
        store._execute("UPDATE article_entities SET entity_id = NULL")
        store._execute("DELETE FROM entities")
        store._insert_rows("entities", _GLOBAL_COLUMNS, _entity_rows(resolver, resolver.entities))
        _assign(store, resolver, assigned)
        _save_resolver(store, resolver)
    return {"entities": len(resolver.entities), "article_entities": len(assigned)}


def _resolve_new(store: SQLStore, resolver: Resolver) -> dict[str, int]:
    before = resolver.merged
    assigned = _add_articles(store, resolver, _UNRESOLVED)
    gone = resolver.merged - before  # absorbed by another entity during this resolution
    touched = {resolver.final(g) for g in (*assigned.values(), *gone)}
    with store._transaction():
        for row in _entity_rows(resolver, sorted(touched)):  # kept rows: links stay
            store._execute(_UPSERT_ENTITY, tuple(row[c] for c in _GLOBAL_COLUMNS))
        for gid in gone:  # its rows go to the entity that absorbed it (written just above)
            store._execute(
                "UPDATE article_entities SET entity_id = ? WHERE entity_id = ?",
                (resolver.final(gid), gid),
            )
            store._execute("DELETE FROM entities WHERE id = ?", (gid,))
        _assign(store, resolver, assigned)
        _save_resolver(store, resolver)
    return {"entities": len(resolver.entities), "article_entities": len(assigned)}


def _add_articles(store: SQLStore, resolver: Resolver, where: str) -> dict[tuple[str, str], str]:
    """Add the articles matching ``where`` to ``resolver`` in ingest order; (article id,
    local id) -> global id."""
    assigned: dict[tuple[str, str], str] = {}
    for page in _article_pages(store, where):
        marks = ", ".join("?" * len(page))
        by_article: dict[str, list[Entity]] = {aid: [] for aid in page}
        for r in store._execute(
            f"SELECT * FROM article_entities WHERE article_id IN ({marks}) "
            "ORDER BY article_id, local_id", page,
        ):  # fmt: skip
            by_article[r["article_id"]].append(_stored_entity(r))
        for aid in page:
            for local, gid in resolver.add(aid, by_article[aid]).items():
                assigned[aid, local] = gid
    return assigned


def _entity_rows(resolver: Resolver, ids: Iterable[str]) -> Iterator[dict[str, Any]]:
    for g in (resolver.entities[i] for i in ids):
        yield {"id": g.id, "type": g.type.value, "name": g.name,
               "aliases": json.dumps(sorted(g.aliases - {g.name}), ensure_ascii=False),
               "roles": _roles(sorted(g.roles, key=lambda r: r.seen or "")),
               "articles": len(g.articles)}  # fmt: skip


def _assign(store: SQLStore, resolver: Resolver, assigned: dict[tuple[str, str], str]) -> None:
    store._execute_many(
        "UPDATE article_entities SET entity_id = ? WHERE article_id = ? AND local_id = ?",
        ((resolver.final(gid), aid, local) for (aid, local), gid in assigned.items()),
    )


def _saved_resolver(store: SQLStore) -> Resolver | None:
    """The resolver the last resolution saved, if it can be read (else None: start over)."""
    row = store._execute("SELECT format, state FROM resolver_state WHERE id = 1").fetchone()
    if row is None or row["format"] != STATE_FORMAT:
        return None
    try:
        return Resolver.from_bytes(bytes(row["state"]))
    except (pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
        return None  # unreadable: a resolution from scratch replaces it


def _save_resolver(store: SQLStore, resolver: Resolver) -> None:
    forget_resolver(store)
    store._execute(
        "INSERT INTO resolver_state (id, format, state, saved_at) VALUES (1, ?, ?, ?)",
        (STATE_FORMAT, resolver.to_bytes(), utc_now()),
    )


def forget_resolver(store: SQLStore) -> None:
    """Drop the saved resolver (an article's entities went or changed): the next resolution
    starts from the whole store."""
    store._execute("DELETE FROM resolver_state")


def _article_pages(store: SQLStore, where: str) -> Iterator[list[str]]:
    """Ids of the stored articles matching ``where`` (on ``articles AS a``), a page at a
    time, in ingest order (keyset: ingested_at, id)."""
    at, aid = "", ""
    sql = _ARTICLES_AFTER.format(where=where)
    while page := store._execute(sql, (at, at, aid, RESOLVE_PAGE)).fetchall():
        yield [r["id"] for r in page]
        at, aid = page[-1]["ingested_at"], page[-1]["id"]


def _stored_entity(r: Any) -> Entity:
    return Entity(
        id=r["local_id"], name=r["name"], type=EntityType(r["type"]),
        aliases=tuple(json.loads(r["aliases"])),
        roles=tuple(Role(**x) for x in json.loads(r["roles"])),
    )  # fmt: skip


def entities(
    store: SQLStore, name: str | None = None, type_: str | None = None, limit: int = 20,
    offset: int = 0,
) -> tuple[int, list[EntityRecord]]:  # fmt: skip
    """Global entities, most seen first: (total, one page)."""
    where, params = ["1 = 1"], []
    if name:
        where.append(f"(name {store._LIKE} ? OR aliases {store._LIKE} ?)")
        params += [f"%{name}%", f"%{name}%"]
    if type_:
        where.append("type = ?")
        params.append(type_)
    clause = " AND ".join(where)
    total = store._execute(f"SELECT count(*) AS n FROM entities WHERE {clause}", params)
    rows = store._execute(
        f"SELECT * FROM entities WHERE {clause} ORDER BY articles DESC, name, id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return int(total.fetchone()["n"]), [_entity_record(r) for r in rows]


def entity(store: SQLStore, entity_id: str) -> EntityRecord | None:
    row = store._execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
    return _entity_record(row) if row else None


def _entity_record(r: Any) -> EntityRecord:
    return EntityRecord(
        id=r["id"], type=r["type"], name=r["name"], aliases=tuple(json.loads(r["aliases"])),
        roles=tuple(Role(**x) for x in json.loads(r["roles"])), articles=r["articles"],
    )  # fmt: skip


@dataclasses.dataclass(frozen=True, slots=True)
class EventQuery:
    type: str | None = None
    participant: str | None = None  # global entity id or a name substring
    place: str | None = None  # place name substring
    since: str | None = None  # ISO date (prefix) the event's date is on or after
    until: str | None = None
    limit: int = 20
    offset: int = 0


def events(store: SQLStore, q: EventQuery) -> tuple[int, list[EventRecord]]:
    clause, params = _event_filter(store, q)
    total = store._execute(f"SELECT count(*) AS n FROM events AS e WHERE {clause}", params)
    n = int(total.fetchone()["n"])
    order = "e.date_from DESC, e.article_id, e.trigger_start"
    return n, _events(store, clause, params, q.limit, q.offset, None, order)


def event_days(store: SQLStore, q: EventQuery) -> list[tuple[str, int]]:
    """How many of the events ``q`` finds (all of them, its page aside) fall on each day,
    for those whose date is a full ``YYYY-MM-DD``, in day order (one grouping query: a
    timeline need not read the events themselves)."""
    clause, params = _event_filter(store, q)
    cur = store._execute(
        f"SELECT substr(e.date, 1, 10) AS day, count(*) AS n FROM events AS e WHERE {clause} "
        "AND e.date IS NOT NULL GROUP BY substr(e.date, 1, 10) ORDER BY day",
        params,
    )
    return [(r["day"], int(r["n"])) for r in cur if FULL_DAY.fullmatch(r["day"])]


def _event_filter(store: SQLStore, q: EventQuery) -> tuple[str, list[Any]]:
    """The WHERE clause (over ``events AS e``) and parameters of an event query."""
    where, params = ["1 = 1"], []
    if q.type:
        where.append("e.type = ?")
        params.append(q.type)
    if q.place:
        where.append(f"e.place_name {store._LIKE} ?")
        params.append(f"%{q.place}%")
    if q.since:
        where.append("e.date_from >= ?")
        params.append(q.since)
    if q.until:
        where.append("e.date_from <= ?")
        params.append(q.until)
    if q.participant:
        where.append(
            "EXISTS (SELECT 1 FROM event_participants AS p JOIN article_entities AS ae "
            "ON ae.article_id = p.article_id AND ae.local_id = p.local_id "
            "LEFT JOIN entities AS g ON g.id = ae.entity_id "
            "WHERE p.article_id = e.article_id AND p.event_id = e.id "
            f"AND (ae.entity_id = ? OR p.name {store._LIKE} ? OR g.name {store._LIKE} ?))"
        )
        params += [q.participant, f"%{q.participant}%", f"%{q.participant}%"]
    return " AND ".join(where), params


def _events(
    store: SQLStore, clause: str, params: list[Any], limit: int, offset: int, text: str | None,
    order: str,
) -> list[EventRecord]:  # fmt: skip
    rows = store._execute(
        "SELECT e.*, a.text AS article_text FROM events AS e JOIN articles AS a "
        f"ON a.id = e.article_id WHERE {clause} "
        f"ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    out = []
    for r in rows:
        body = text if text is not None else r["article_text"]
        parts = store._execute(
            "SELECT p.local_id, p.name, p.role, ae.entity_id FROM event_participants AS p "
            "LEFT JOIN article_entities AS ae ON ae.article_id = p.article_id "
            "AND ae.local_id = p.local_id WHERE p.article_id = ? AND p.event_id = ? ORDER BY p.idx",
            (r["article_id"], r["id"]),
        ).fetchall()
        event = Event(
            id=r["id"], type=r["type"],
            trigger=TextSpan.of(body, r["trigger_start"], r["trigger_end"]),
            span=TextSpan.of(body, r["sentence_start"], r["sentence_end"]),
            participants=tuple(Participant(entity=p["local_id"], name=p["name"], role=p["role"])
                               for p in parts),
            time=r["time_id"], date=r["date"], place=r["place_local_id"],
            place_name=r["place_name"],
        )  # fmt: skip
        globals_ = tuple((p["entity_id"], p["name"], p["role"]) for p in parts)
        out.append(EventRecord(r["article_id"], event, globals_))
    return out
