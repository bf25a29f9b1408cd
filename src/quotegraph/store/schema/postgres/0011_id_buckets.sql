-- quotegraph store, PostgreSQL schema version 11: each statement's id bucket in the search
-- index. A search reads the newest matches (store/sql.py search_sql); a common term matches
-- tens of thousands of a million statements, and the GIN index cannot give them newest first,
-- so every match was read and sorted. The bucket (the lexeme b<id >> 16>, one per 65,536 ids)
-- lets the search read its window part by part, newest buckets first, intersecting the
-- buckets with the content inside the index (store/postgres.py PostgresStore._window_parts).

DROP INDEX statements_search;
CREATE INDEX statements_search ON statements
USING gin (content_tsv, array_to_tsvector(string_to_array(search_tags, ' ')),
           array_to_tsvector(ARRAY['b' || (id >> 16)::text]));
