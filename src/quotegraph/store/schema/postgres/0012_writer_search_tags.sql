-- quotegraph store, PostgreSQL schema version 12: the writer's search tags are kept.
-- The outlet's tag now folds ASCII letters only, as SQLite's lower() and store/tags.py do
-- (lower() folds more under some locales), so the tags the writer gives with each statement
-- are the ones this function makes, whatever the database's locale; the insert trigger keeps
-- given tags and makes them only for an insert without them (and on every update, as before).
-- Measured: making them again cost 120 us per statement, 1.6 % of extraction time on TASS
-- articles (bench/store_ingest.py --postgres).

CREATE OR REPLACE FUNCTION quotegraph_search_tags(kind text, outlet text, published text)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT concat_ws(' ', 'k' || kind,
                     'o' || encode(convert_to(translate(outlet, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
                                                        'abcdefghijklmnopqrstuvwxyz'), 'UTF8'),
                                   'hex'),
                     'y' || left(published, 4) || ' d' || left(published, 3)
                     || ' c' || left(published, 2))
$$;

CREATE OR REPLACE FUNCTION statements_set_search_tags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.search_tags IS NOT NULL THEN
        RETURN NEW;  -- given by the writer (store/tags.py statement_tags)
    END IF;
    NEW.search_tags := (SELECT quotegraph_search_tags(NEW.kind, a.outlet, a.published_date)
                        FROM articles AS a WHERE a.id = NEW.article_id);
    RETURN NEW;
END
$$;

-- The statements whose outlet's tag changes: lower() folded a letter beyond ASCII.
UPDATE statements AS s SET search_tags = NULL FROM articles AS a
WHERE a.id = s.article_id AND lower(a.outlet) <> translate(a.outlet, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
                                                            'abcdefghijklmnopqrstuvwxyz');
