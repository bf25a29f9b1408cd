-- quotegraph store, PostgreSQL schema version 10: a counter of deletions, for the read cache
-- (as schema/sqlite/0010_data_version.sql; here raised once per SQL statement, not per row).

CREATE TABLE data_version (
    id      integer PRIMARY KEY CHECK (id = 1),
    changes bigint  NOT NULL                      -- deletions and near-duplicate links so far
);
INSERT INTO data_version (id, changes) VALUES (1, 0);

CREATE FUNCTION data_version_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_version SET changes = changes + 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER statements_deleted AFTER DELETE ON statements
FOR EACH STATEMENT EXECUTE FUNCTION data_version_changed();
CREATE TRIGGER near_duplicates_changed AFTER INSERT OR DELETE ON near_duplicates
FOR EACH STATEMENT EXECUTE FUNCTION data_version_changed();
