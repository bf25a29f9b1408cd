-- quotegraph store, PostgreSQL schema version 3: sentence embeddings of statements (semantic
-- search, the optional extra quotegraph[semantic]), as in the SQLite schema. With pgvector
-- (CREATE EXTENSION vector; pgserver's PostgreSQL has it) the vector is a vector(384) queried
-- with the cosine distance operator <=> (an exact scan); without it a real[] that quotegraph
-- scans itself. statement_embeddings.embedding's type tells which.

DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS vector;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pgvector is not available (%): embeddings are stored as real[]', SQLERRM;
END
$$;

DO $$
BEGIN
    IF to_regtype('vector') IS NOT NULL THEN
        EXECUTE 'CREATE TABLE statement_embeddings (
            statement_id bigint PRIMARY KEY REFERENCES statements (id) ON DELETE CASCADE,
            model        text    NOT NULL,
            dimensions   integer NOT NULL,
            embedding    vector(384) NOT NULL)';
    ELSE
        EXECUTE 'CREATE TABLE statement_embeddings (
            statement_id bigint PRIMARY KEY REFERENCES statements (id) ON DELETE CASCADE,
            model        text    NOT NULL,
            dimensions   integer NOT NULL,
            embedding    real[]  NOT NULL)';
    END IF;
END
$$;
