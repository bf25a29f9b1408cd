-- quotegraph store, schema version 6: a covering index for search filters on SQLite
-- (articles_search). PostgreSQL has had its articles_search (id) INCLUDE (outlet,
-- published_date) since version 1: nothing to do; the version keeps both dialects in step.

SELECT 1;
