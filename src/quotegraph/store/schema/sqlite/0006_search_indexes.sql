-- quotegraph store, schema version 6: a covering index for search filters.
-- A filtered search reads the full-text matches and, for each, its article's outlet and date:
-- articles_search (as PostgreSQL's since version 1) answers that from the index alone, one
-- b-tree lookup per match instead of two (the id index, then the row).

CREATE INDEX articles_search ON articles (id, outlet COLLATE NOCASE, published_date);
