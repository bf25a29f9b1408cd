-- quotegraph store, schema version 8: cross-article entity resolution runs incrementally.
-- resolver_state holds the resolver as the last resolution left it (one row, or none): the
-- next ingest run adds only the articles whose entities are not resolved yet (entity_id NULL)
-- to it. Deleting or re-extracting an article drops the row, and the next resolution starts
-- over from the whole store (as `quotegraph entities --rebuild` always does).

CREATE TABLE resolver_state (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    format   INTEGER NOT NULL,                    -- the state's format (knowledge.STATE_FORMAT)
    state    BLOB    NOT NULL,                    -- Resolver.to_bytes()
    saved_at TEXT    NOT NULL
);
