-- quotegraph store, schema version 3: sentence embeddings of statements (semantic search, the
-- optional extra quotegraph[semantic]). One row per embedded statement: the model that made it
-- and its unit-length vector as float32 little-endian bytes (384 values for all-MiniLM-L6-v2).
-- Semantic search is an exact scan by cosine similarity (numpy) over the statements that pass
-- the search's filters. Rows appear at ingest when the extra is installed, or from
-- `quotegraph embed` (backfill).

CREATE TABLE statement_embeddings (
    statement_id INTEGER PRIMARY KEY REFERENCES statements (id) ON DELETE CASCADE,
    model        TEXT    NOT NULL,
    dimensions   INTEGER NOT NULL,
    embedding    BLOB    NOT NULL
);
