-- quotegraph store, SQLite schema version 1: runs, articles, sources, paragraphs, speakers,
-- statements (with the statements_fts full-text index) and rejects. See docs/schema.md.
-- Offsets (*_start, *_end) are Python str indices into articles.text; every *_text-like column
-- holds exactly articles.text[start:end].

CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    command     TEXT    NOT NULL,                 -- 'ingest' or 'ingest --retry-rejects'
    inputs      TEXT    NOT NULL DEFAULT '[]',    -- JSON array of the inputs given
    started_at  TEXT    NOT NULL,                 -- ISO 8601, UTC
    finished_at TEXT,                             -- NULL while the run is going on
    status      TEXT    NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'finished', 'interrupted', 'failed')),
    ok          INTEGER NOT NULL DEFAULT 0,       -- articles stored (new or replacing)
    replaced    INTEGER NOT NULL DEFAULT 0,       -- of those, replacing an older text
    duplicates  INTEGER NOT NULL DEFAULT 0,       -- articles already stored (same id)
    rejected    INTEGER NOT NULL DEFAULT 0,       -- inputs or articles rejected
    version     TEXT    NOT NULL                  -- quotegraph version that wrote the run
);

CREATE TABLE articles (
    id                   TEXT    PRIMARY KEY,     -- sha256 of text, 16 hex digits
    source               TEXT    NOT NULL,        -- where it was first read (path#n, URL)
    url                  TEXT,
    outlet               TEXT,
    format               TEXT    NOT NULL,        -- the reader: text, html, jsonl, ...
    headline             TEXT,
    headline_start       INTEGER,
    headline_end         INTEGER,
    standfirst           TEXT,
    standfirst_start     INTEGER,
    standfirst_end       INTEGER,
    byline               TEXT,
    byline_start         INTEGER,
    byline_end           INTEGER,
    dateline             TEXT,
    dateline_start       INTEGER,
    dateline_end         INTEGER,
    dateline_place       TEXT,
    dateline_region      TEXT,
    dateline_month       INTEGER,
    dateline_day         INTEGER,
    dateline_year        INTEGER,
    dateline_agency      TEXT,
    dateline_style       TEXT,
    published_date       TEXT,                    -- YYYY-MM-DD, only when the year is known
    published_month      INTEGER,
    published_day        INTEGER,
    published_year_min   INTEGER,
    published_year_max   INTEGER,
    published_basis      TEXT    NOT NULL,        -- override, metadata, dateline, ...
    published_confidence REAL    NOT NULL,
    published_evidence   TEXT    NOT NULL DEFAULT '[]',  -- JSON array of strings
    text                 TEXT    NOT NULL,
    language             TEXT    NOT NULL,
    metadata             TEXT    NOT NULL DEFAULT '{}',  -- JSON object of strings
    run_id               INTEGER REFERENCES runs (id),
    ingested_at          TEXT    NOT NULL
);
CREATE INDEX articles_outlet ON articles (outlet COLLATE NOCASE);
CREATE INDEX articles_published_date ON articles (published_date);

-- Which article each source currently holds: the key is the article's URL when it has one,
-- else its source locator. A source whose text changed points at the new article; the old
-- article (and its derived rows) is deleted when no source points at it any more.
CREATE TABLE sources (
    key        TEXT    PRIMARY KEY,
    article_id TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    source     TEXT    NOT NULL,                  -- the locator last read for this key
    first_run  INTEGER REFERENCES runs (id),
    last_run   INTEGER REFERENCES runs (id)
);
CREATE INDEX sources_article ON sources (article_id);

CREATE TABLE paragraphs (
    article_id TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,                  -- 0-based paragraph number
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE speakers (
    id   INTEGER PRIMARY KEY,
    name TEXT    NOT NULL,                        -- canonical (fullest) name in an article
    type TEXT    NOT NULL,                        -- person, organisation, group, unknown
    UNIQUE (name, type)
);

CREATE TABLE statements (
    id                  INTEGER PRIMARY KEY,
    article_id          TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx                 INTEGER NOT NULL,         -- position in the article's statements
    kind                TEXT    NOT NULL CHECK (kind IN ('direct', 'indirect', 'mixed')),
    content             TEXT    NOT NULL,
    content_start       INTEGER NOT NULL,
    content_end         INTEGER NOT NULL,
    cue                 TEXT,
    cue_start           INTEGER,
    cue_end             INTEGER,
    cue_lemma           TEXT,
    speaker_id          INTEGER REFERENCES speakers (id),
    speaker_name        TEXT,
    speaker_type        TEXT    NOT NULL,
    speaker_title       TEXT,
    speaker_affiliation TEXT,
    mention             TEXT,
    mention_start       INTEGER,
    mention_end         INTEGER,
    addressee           TEXT,
    addressee_start     INTEGER,
    addressee_end       INTEGER,
    setting             TEXT,
    setting_start       INTEGER,
    setting_end         INTEGER,
    quoted              TEXT    NOT NULL DEFAULT '[]',  -- JSON [[start, end], ...]
    section             TEXT    NOT NULL CHECK (section IN ('headline', 'standfirst', 'body')),
    paragraph           INTEGER,                  -- paragraphs.idx, NULL outside the body
    confidence          REAL    NOT NULL,
    nested_in           INTEGER,                  -- idx of the outer statement
    continues           INTEGER,                  -- idx of the statement this quote resumes
    optional            INTEGER NOT NULL DEFAULT 0 CHECK (optional IN (0, 1)),
    UNIQUE (article_id, idx)
);
CREATE INDEX statements_speaker ON statements (speaker_id);
CREATE INDEX statements_speaker_name ON statements (speaker_name COLLATE NOCASE);

-- Full-text index over statements.content (external content: the text lives in statements).
-- Written content="statements" exactly, the form datasette looks for to offer search.
CREATE VIRTUAL TABLE statements_fts USING fts5 (
    content,
    content="statements",
    content_rowid="id",
    tokenize="porter unicode61 remove_diacritics 2"
);
CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
    INSERT INTO statements_fts (rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, content)
    VALUES ('delete', old.id, old.content);
END;
CREATE TRIGGER statements_fts_update AFTER UPDATE OF content ON statements BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, content)
    VALUES ('delete', old.id, old.content);
    INSERT INTO statements_fts (rowid, content) VALUES (new.id, new.content);
END;

CREATE TABLE rejects (
    id           INTEGER PRIMARY KEY,
    source       TEXT    NOT NULL UNIQUE,         -- input path, path#n or URL
    code         TEXT    NOT NULL,                -- QG1xx / QG3xx (src/quotegraph/errors.py)
    message      TEXT    NOT NULL,
    run_id       INTEGER NOT NULL REFERENCES runs (id),  -- the run that last rejected it
    first_seen   TEXT    NOT NULL,
    last_seen    TEXT    NOT NULL,
    retried      INTEGER NOT NULL DEFAULT 0,      -- times retried with --retry-rejects
    resolved_run INTEGER REFERENCES runs (id)     -- run that read it fine; NULL while open
);
CREATE INDEX rejects_open ON rejects (resolved_run);
