-- quotegraph store, schema version 5: claims over time and headline fidelity.
-- claims: statements that make the same claim, grouped by `quotegraph claims` (incremental;
-- --rebuild starts over). centroid is the sum of the members' unit embeddings (float32,
-- little-endian) and size their number, so a new statement is compared with the claim's
-- mean; representative is the member wording nearest that mean. A statement of several
-- sentences may make several claims: claim_members maps each sentence (unit_start, unit_end:
-- article offsets) of each clustered statement to its claim, with the score that put it
-- there. First seen, counts per month, speakers and outlets are read from the members'
-- statements and articles.
-- headline_links: an article's headline, standfirst and lead attributions (statement idx)
-- linked to the body statement (idx) that supports them, or to none (supported = 0).

CREATE TABLE claims (
    id                       INTEGER PRIMARY KEY,
    representative           TEXT    NOT NULL,
    representative_statement INTEGER REFERENCES statements (id) ON DELETE SET NULL,
    representative_vector    BLOB   NOT NULL,
    centroid                 BLOB   NOT NULL,
    size                     INTEGER NOT NULL,
    model                    TEXT    NOT NULL,
    created_at               TEXT    NOT NULL
);

CREATE TABLE claim_members (
    statement_id INTEGER NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    unit_start   INTEGER NOT NULL,  -- the sentence of the statement that makes the claim
    unit_end     INTEGER NOT NULL,
    claim_id     INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    score        REAL NOT NULL,
    PRIMARY KEY (statement_id, unit_start)
);
CREATE INDEX claim_members_claim ON claim_members (claim_id);

CREATE TABLE headline_links (
    article_id     TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx            INTEGER NOT NULL,
    statement      INTEGER NOT NULL,
    section        TEXT    NOT NULL CHECK (section IN ('headline', 'standfirst', 'lead')),
    part           TEXT    NOT NULL,
    part_start     INTEGER NOT NULL,
    part_end       INTEGER NOT NULL,
    support        INTEGER,
    evidence       TEXT,
    evidence_start INTEGER,
    evidence_end   INTEGER,
    score          REAL NOT NULL,
    rank           INTEGER NOT NULL,
    supported      INTEGER NOT NULL CHECK (supported IN (0, 1)),
    PRIMARY KEY (article_id, idx)
);
