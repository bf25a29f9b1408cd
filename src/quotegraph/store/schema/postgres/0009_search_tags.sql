-- quotegraph store, PostgreSQL schema version 9: search filters as full-text terms (as in
-- schema/sqlite/0009_search_tags.sql). statements.search_tags holds a statement's kind, its
-- article's outlet and its publication year, decade and century as words ("kdirect o74617373
-- y2021 d202 c20"; the outlet is the hex of its lower-case name), set by the triggers below;
-- the GIN index statements_search over the content and their lexemes lets a filtered search
-- intersect them with the content's matches in the index (store/tags.py).

CREATE FUNCTION quotegraph_search_tags(kind text, outlet text, published text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT concat_ws(' ', 'k' || kind, 'o' || encode(convert_to(lower(outlet), 'UTF8'), 'hex'),
                     'y' || left(published, 4) || ' d' || left(published, 3)
                     || ' c' || left(published, 2))
$$;

ALTER TABLE statements ADD COLUMN search_tags text;
UPDATE statements AS s SET search_tags = quotegraph_search_tags(s.kind, a.outlet, a.published_date)
FROM articles AS a WHERE a.id = s.article_id;

CREATE FUNCTION statements_set_search_tags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_tags := (SELECT quotegraph_search_tags(NEW.kind, a.outlet, a.published_date)
                        FROM articles AS a WHERE a.id = NEW.article_id);
    RETURN NEW;
END
$$;
CREATE TRIGGER statements_search_tags BEFORE INSERT OR UPDATE OF kind, article_id, search_tags
ON statements FOR EACH ROW EXECUTE FUNCTION statements_set_search_tags();

CREATE FUNCTION articles_set_search_tags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE statements SET search_tags = NULL WHERE article_id = NEW.id;  -- the trigger sets them
    RETURN NULL;
END
$$;
CREATE TRIGGER articles_search_tags AFTER UPDATE OF outlet, published_date ON articles
FOR EACH ROW EXECUTE FUNCTION articles_set_search_tags();

-- One GIN index over the content and the tags: a search on both intersects them inside the
-- index, skipping through a common term's entries (two indexes and a BitmapAnd read every
-- entry of both: 24 ms instead of 6 for "when" since 2015 at 1 M statements). It serves the
-- content alone as well as the single-column index it replaces.
DROP INDEX statements_content_tsv;
CREATE INDEX statements_search ON statements
USING gin (content_tsv, array_to_tsvector(string_to_array(search_tags, ' ')));
