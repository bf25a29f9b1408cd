-- quotegraph store, schema version 4: the knowledge layer (docs/schema.md, docs/events.md).
-- entities: global entities, one per real person, body or place, resolved across articles
-- (rebuilt by `quotegraph entities --rebuild` and after every ingest run). article_entities:
-- each article's own entities (local_id = the Entity.id of `quotegraph extract`), pointing at
-- their global entity. mentions, times, events and event_participants hold offsets into
-- articles.text. statements.speaker_entity is the local_id of the speaker's entity.

CREATE TABLE entities (
    id       TEXT    PRIMARY KEY,                 -- global id ('g' + 10 hex digits)
    type     TEXT    NOT NULL CHECK (type IN ('person', 'organisation', 'place')),
    name     TEXT    NOT NULL,                    -- canonical (fullest) name seen
    aliases  TEXT    NOT NULL DEFAULT '[]',       -- JSON array of other names
    roles    TEXT    NOT NULL DEFAULT '[]',       -- JSON [{title, affiliation, seen}], by date
    articles INTEGER NOT NULL DEFAULT 0           -- articles that mention it
);
CREATE INDEX entities_name ON entities (name COLLATE NOCASE);

CREATE TABLE article_entities (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    local_id   TEXT NOT NULL,                     -- the entity's id within the article
    entity_id  TEXT REFERENCES entities (id) ON DELETE SET NULL,  -- its global entity
    type       TEXT NOT NULL,
    name       TEXT NOT NULL,
    aliases    TEXT NOT NULL DEFAULT '[]',
    roles      TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (article_id, local_id)
);
CREATE INDEX article_entities_entity ON article_entities (entity_id);

CREATE TABLE mentions (
    article_id TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    local_id   TEXT    NOT NULL,                  -- article_entities.local_id
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    PRIMARY KEY (article_id, local_id, start_char)
);

CREATE TABLE times (
    article_id TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    id         TEXT    NOT NULL,                  -- 't' + start offset
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    value      TEXT,                              -- 2021-11-04, 2021-W44, 2021-11, 2021, a/b
    grain      TEXT    NOT NULL,
    relative   INTEGER NOT NULL CHECK (relative IN (0, 1)),
    year_min   INTEGER,                           -- set when the year is only bounded
    year_max   INTEGER,
    PRIMARY KEY (article_id, id)
);

CREATE TABLE events (
    article_id     TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    id             TEXT    NOT NULL,              -- 'v' + trigger offset
    type           TEXT    NOT NULL,              -- docs/events.md
    trigger_text   TEXT    NOT NULL,
    trigger_start  INTEGER NOT NULL,
    trigger_end    INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    time_id        TEXT,                          -- times.id
    date           TEXT,                          -- the time's value
    date_from      TEXT,                          -- its first day or prefix, for ranges
    place_local_id TEXT,                          -- article_entities.local_id
    place_name     TEXT,
    PRIMARY KEY (article_id, id)
);
CREATE INDEX events_type ON events (type);
CREATE INDEX events_date_from ON events (date_from);

CREATE TABLE event_participants (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    event_id   TEXT NOT NULL,
    idx        INTEGER NOT NULL,                  -- position among the participants
    local_id   TEXT NOT NULL,                     -- article_entities.local_id
    name       TEXT NOT NULL,
    role       TEXT NOT NULL,                     -- agent, patient, partner, target, attendee
    PRIMARY KEY (article_id, event_id, local_id)
);
CREATE INDEX event_participants_local ON event_participants (article_id, local_id);

ALTER TABLE statements ADD COLUMN speaker_entity TEXT;  -- article_entities.local_id
