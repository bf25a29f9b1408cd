-- quotegraph store, schema version 7: the near-duplicate LSH index lives in the store.
-- minhash_bands holds each signature's LSH band keys (band number, a 64-bit hash of the band's
-- rows of the signature): an article's candidates are the articles sharing a band key with it,
-- found through the primary key, so the writer holds no in-memory index that grows with the
-- store. Stores from before this version get their bands filled in by the next ingest.

CREATE TABLE minhash_bands (
    band       integer NOT NULL,
    key        bigint NOT NULL,
    article_id text NOT NULL REFERENCES minhashes (article_id) ON DELETE CASCADE,
    PRIMARY KEY (band, key, article_id)
);

CREATE INDEX minhash_bands_article ON minhash_bands (article_id);
