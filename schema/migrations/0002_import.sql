-- SPDX-License-Identifier: GPL-3.0-or-later
-- What the PubMed importer keeps beyond the core model.
ALTER TABLE record
    ADD COLUMN pii            text,
    ADD COLUMN is_book        boolean NOT NULL DEFAULT false,
    -- the record's current imported version: record_version (search, seq)
    ADD COLUMN version_search bigint,
    ADD COLUMN version_seq    bigint;

CREATE INDEX record_retracted_idx ON record (id) WHERE retracted;
CREATE INDEX record_rescreen_idx ON record (id) WHERE needs_rescreen;

-- Why a version was replaced: 'revised' (new content from a re-import).
ALTER TABLE record_history ADD COLUMN reason text NOT NULL DEFAULT 'revised';

-- Every record version an import brought in, as parsed, with the original
-- XML (raw): one partition per search. Fields parsed from the source are
-- json, not jsonb: json only validates its input, and parsing jsonb was half
-- the cost of loading a PubMed file. An import COPYs into a new table,
-- merges it into record, keeps only the rows that became a record's current
-- version, and attaches the table here: the large XML is written once.
CREATE TABLE record_version (
    search           bigint NOT NULL,
    seq              bigint NOT NULL,    -- position in the file
    is_delete        boolean NOT NULL,   -- a DeleteCitation entry
    pmid             text NOT NULL,
    pmid_version     integer,
    doi              text,
    pmcid            text,
    pii              text,
    title            text,
    vernacular_title text,
    abstract         text,
    abstract_json    json,
    authors          json,
    journal          text,
    journal_abbrev   text,
    issn             text,
    volume           text,
    issue            text,
    pages            text,
    pub_year         integer,
    pub_date         json,
    article_date     date,
    languages        json,
    pub_types        json,
    mesh             json,
    keywords         json,
    date_revised     date,
    date_completed   date,
    pub_status       text,
    comments         json,
    retracted        boolean,
    is_book          boolean,
    source_format    text,
    raw              text,
    content_hash     text,
    PRIMARY KEY (search, seq)
) PARTITION BY LIST (search);

-- The original records are large XML: lz4 compresses them several times
-- faster than the default pglz, when the server was built with it.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings
                WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE record_version ALTER COLUMN raw SET COMPRESSION lz4;
    END IF;
END
$$;
