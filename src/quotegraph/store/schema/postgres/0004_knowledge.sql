-- quotegraph store, schema version 4 (PostgreSQL): the knowledge layer (docs/schema.md, docs/events.md).
-- entities: global entities, one per real person, body or place, resolved across articles
-- (rebuilt by `quotegraph entities --rebuild` and after every ingest run). article_entities:
-- each article's own entities (local_id = the Entity.id of `quotegraph extract`), pointing at
-- their global entity. mentions, times, events and event_participants hold offsets into
-- articles.text. statements.speaker_entity is the local_id of the speaker's entity.

CREATE TABLE entities (
    id       text    PRIMARY KEY,                 -- global id ('g' + 10 hex digits)
    type     text    NOT NULL CHECK (type IN ('person', 'organisation', 'place')),
    name     text    NOT NULL,                    -- canonical (fullest) name seen
    aliases  text    NOT NULL DEFAULT '[]',       -- JSON array of other names
    roles    text    NOT NULL DEFAULT '[]',       -- JSON [{title, affiliation, seen}], by date
    articles integer NOT NULL DEFAULT 0           -- articles that mention it
);
CREATE INDEX entities_name ON entities (lower(name));

CREATE TABLE article_entities (
    article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    local_id   text NOT NULL,                     -- the entity's id within the article
    entity_id  text REFERENCES entities (id) ON DELETE SET NULL,  -- its global entity
    type       text NOT NULL,
    name       text NOT NULL,
    aliases    text NOT NULL DEFAULT '[]',
    roles      text NOT NULL DEFAULT '[]',
    PRIMARY KEY (article_id, local_id)
);
CREATE INDEX article_entities_entity ON article_entities (entity_id);

CREATE TABLE mentions (
    article_id text    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    local_id   text    NOT NULL,                  -- article_entities.local_id
    start_char integer NOT NULL,
    end_char   integer NOT NULL,
    text       text    NOT NULL,
    PRIMARY KEY (article_id, local_id, start_char)
);

CREATE TABLE times (
    article_id text    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    id         text    NOT NULL,                  -- 't' + start offset
    start_char integer NOT NULL,
    end_char   integer NOT NULL,
    text       text    NOT NULL,
    value      text,                              -- 2021-11-04, 2021-W44, 2021-11, 2021, a/b
    grain      text    NOT NULL,
    relative   boolean NOT NULL,
    year_min   integer,                           -- set when the year is only bounded
    year_max   integer,
    PRIMARY KEY (article_id, id)
);

CREATE TABLE events (
    article_id     text    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    id             text    NOT NULL,              -- 'v' + trigger offset
    type           text    NOT NULL,              -- docs/events.md
    trigger_text   text    NOT NULL,
    trigger_start  integer NOT NULL,
    trigger_end    integer NOT NULL,
    sentence_start integer NOT NULL,
    sentence_end   integer NOT NULL,
    time_id        text,                          -- times.id
    date           text,                          -- the time's value
    date_from      text,                          -- its first day or prefix, for ranges
    place_local_id text,                          -- article_entities.local_id
    place_name     text,
    PRIMARY KEY (article_id, id)
);
CREATE INDEX events_type ON events (type);
CREATE INDEX events_date_from ON events (date_from);

CREATE TABLE event_participants (
    article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    event_id   text NOT NULL,
    idx        integer NOT NULL,                  -- position among the participants
    local_id   text NOT NULL,                     -- article_entities.local_id
    name       text NOT NULL,
    role       text NOT NULL,                     -- agent, patient, partner, target, attendee
    PRIMARY KEY (article_id, event_id, local_id)
);
CREATE INDEX event_participants_local ON event_participants (article_id, local_id);

ALTER TABLE statements ADD COLUMN speaker_entity text;  -- article_entities.local_id
