-- quotegraph store, schema version 2: near-duplicate linking (republished wire copies).
-- minhashes holds each article's MinHash signature (128 uint64 values, little-endian) so the
-- LSH index can be rebuilt when a store is opened; near_duplicates links an article to the
-- earliest stored article it nearly repeats. Counts (facets, totals, speakers) leave out the
-- statements of articles listed in near_duplicates.

CREATE TABLE minhashes (
    article_id text PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    signature  bytea NOT NULL
);

CREATE TABLE near_duplicates (
    article_id   text PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    duplicate_of text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    similarity   double precision NOT NULL
);

CREATE INDEX near_duplicates_duplicate_of ON near_duplicates (duplicate_of);
