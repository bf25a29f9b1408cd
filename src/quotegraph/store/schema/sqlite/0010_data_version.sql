-- quotegraph store, schema version 10: a counter of deletions, for the read cache.
-- A cached read is keyed by the data it was computed from (store/cache.py: DATA_VERSION): the
-- last run, the last statement and this counter, which the triggers below raise whenever a
-- statement is deleted or a near-duplicate link is added or removed (inserts raise the last
-- statement's id). Counting the statements instead took 4 ms (SQLite) and 28 ms (PostgreSQL)
-- of every search at 1 M statements.

CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    changes INTEGER NOT NULL                      -- deletions and near-duplicate links so far
);
INSERT INTO data_version (id, changes) VALUES (1, 0);

CREATE TRIGGER statements_deleted AFTER DELETE ON statements BEGIN
    UPDATE data_version SET changes = changes + 1;
END;
CREATE TRIGGER near_duplicates_inserted AFTER INSERT ON near_duplicates BEGIN
    UPDATE data_version SET changes = changes + 1;
END;
CREATE TRIGGER near_duplicates_deleted AFTER DELETE ON near_duplicates BEGIN
    UPDATE data_version SET changes = changes + 1;
END;
