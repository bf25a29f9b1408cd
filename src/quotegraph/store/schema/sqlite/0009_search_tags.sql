-- quotegraph store, schema version 9: search filters as full-text terms.
-- statements.search_tags holds a statement's kind, its article's outlet and its publication
-- year, decade and century as words ("kdirect o6477 y2021 d202 c20"; the outlet is the hex of
-- its lower-case name). statements_fts indexes them in a second column, so that a filtered
-- search ("doctrine" from one outlet, since 2021) is one intersection in the index instead of
-- a look at the article of every statement that holds the word. The content column alone is
-- searched and ranked (bm25 weight 0 for the tags); the filters themselves are still checked
-- on the rows (store/tags.py). Triggers keep the tags in step with the statements and articles:
-- a statement is in statements_fts exactly when its search_tags is set.

ALTER TABLE statements ADD COLUMN search_tags TEXT;

-- The one definition of the tags, read by the triggers below.
CREATE VIEW statement_search_tags AS
SELECT s.id AS id,
       coalesce('k' || s.kind, '')
       || CASE WHEN a.outlet IS NULL THEN '' ELSE ' o' || lower(hex(lower(a.outlet))) END
       || coalesce(' y' || substr(a.published_date, 1, 4)
                   || ' d' || substr(a.published_date, 1, 3)
                   || ' c' || substr(a.published_date, 1, 2), '') AS tags
FROM statements AS s LEFT JOIN articles AS a ON a.id = s.article_id;

DROP TRIGGER statements_fts_insert;
DROP TRIGGER statements_fts_delete;
DROP TRIGGER statements_fts_update;
DROP TABLE statements_fts;

UPDATE statements SET search_tags = (SELECT t.tags FROM statement_search_tags AS t
                                     WHERE t.id = statements.id);

-- Written content="statements" exactly, the form datasette looks for to offer search.
CREATE VIRTUAL TABLE statements_fts USING fts5 (
    content,
    search_tags,
    content="statements",
    content_rowid="id",
    tokenize="porter unicode61 remove_diacritics 2"
);
INSERT INTO statements_fts (statements_fts) VALUES ('rebuild');

-- A new statement: indexed with the tags it brings (quotegraph's writer spells them as the
-- view does, store/tags.py; `quotegraph check` compares), else its tags are set (and so it
-- is indexed, by the next trigger).
CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
    INSERT INTO statements_fts (rowid, content, search_tags)
    SELECT new.id, new.content, new.search_tags WHERE new.search_tags IS NOT NULL;
    UPDATE statements SET search_tags = (SELECT t.tags FROM statement_search_tags AS t
                                         WHERE t.id = new.id)
    WHERE id = new.id AND new.search_tags IS NULL;
END;
CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements
WHEN old.search_tags IS NOT NULL BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, content, search_tags)
    VALUES ('delete', old.id, old.content, old.search_tags);
END;
CREATE TRIGGER statements_fts_update AFTER UPDATE OF content, search_tags ON statements BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, content, search_tags)
    SELECT 'delete', old.id, old.content, old.search_tags WHERE old.search_tags IS NOT NULL;
    INSERT INTO statements_fts (rowid, content, search_tags)
    SELECT new.id, new.content, new.search_tags WHERE new.search_tags IS NOT NULL;
END;
-- What the tags are made of changed: set them again.
CREATE TRIGGER statements_tags_update AFTER UPDATE OF kind, article_id ON statements BEGIN
    UPDATE statements SET search_tags = (SELECT t.tags FROM statement_search_tags AS t
                                         WHERE t.id = new.id)
    WHERE id = new.id;
END;
CREATE TRIGGER articles_tags_update AFTER UPDATE OF outlet, published_date ON articles BEGIN
    UPDATE statements SET search_tags = (SELECT t.tags FROM statement_search_tags AS t
                                         WHERE t.id = statements.id)
    WHERE article_id = new.id;
END;
