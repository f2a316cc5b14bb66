-- SPDX-License-Identifier: GPL-3.0-or-later
-- The core of the data model: review settings, searches (provenance),
-- records, reviewers and screening decisions with their full history.
-- A record row holds what lists, filters and decisions need; the full
-- imported version (abstract, authors, MeSH, the original XML, ...) lives in
-- record_version (0002), written once by the import that brought it.
-- Tables are created unqualified: the runner sets search_path to the
-- review's own schema.

CREATE TABLE review (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),  -- exactly one row
    title       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    settings    jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE TABLE search (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source        text NOT NULL,               -- 'PubMed', 'Embase', ...
    format        text NOT NULL,               -- 'pubmed-xml', 'medline', 'ris'
    query         text,
    run_date      date,
    file_name     text,
    file_sha256   text,
    imported_at   timestamptz NOT NULL DEFAULT now(),
    imported_by   text NOT NULL DEFAULT current_user,
    n_read        integer NOT NULL DEFAULT 0,
    n_new         integer NOT NULL DEFAULT 0,
    n_updated     integer NOT NULL DEFAULT 0,
    n_unchanged   integer NOT NULL DEFAULT 0,
    n_deleted     integer NOT NULL DEFAULT 0
);

CREATE TABLE record (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pmid            text UNIQUE,
    pmid_version    integer NOT NULL DEFAULT 1,
    doi             text,
    pmcid           text,
    title           text,
    first_author    text,            -- "Müller A", or a collective name
    journal         text,
    journal_abbrev  text,
    pub_year        integer,
    languages       text[] NOT NULL DEFAULT '{}',
    pub_types       text[] NOT NULL DEFAULT '{}',
    date_revised    date,
    pub_status      text,
    retracted       boolean NOT NULL DEFAULT false,
    deleted         boolean NOT NULL DEFAULT false,
    needs_rescreen  boolean NOT NULL DEFAULT false,
    source_format   text NOT NULL,
    content_hash    text NOT NULL,   -- md5 of the imported fields: change detection
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX record_doi_idx ON record (lower(doi)) WHERE doi IS NOT NULL;

-- Earlier versions of a record, kept when a re-import changes it.
CREATE TABLE record_history (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record      bigint NOT NULL REFERENCES record(id),
    search      bigint REFERENCES search(id),
    replaced_at timestamptz NOT NULL DEFAULT now(),
    old         json NOT NULL        -- the whole previous row
);
CREATE INDEX record_history_record_idx ON record_history (record);

-- Which searches found which records (PRISMA "records identified").
CREATE TABLE record_search (
    record  bigint NOT NULL REFERENCES record(id),
    search  bigint NOT NULL REFERENCES search(id),
    outcome text NOT NULL CHECK (outcome IN ('new', 'updated', 'unchanged', 'deleted')),
    PRIMARY KEY (record, search)
);
CREATE INDEX record_search_search_idx ON record_search (search);

CREATE TABLE duplicate (
    record       bigint NOT NULL REFERENCES record(id),
    primary_rec  bigint NOT NULL REFERENCES record(id),
    method       text NOT NULL,
    score        double precision,
    confirmed_by text,
    confirmed_at timestamptz,
    PRIMARY KEY (record, primary_rec),
    CHECK (record <> primary_rec)
);

CREATE TABLE reviewer (
    name        text PRIMARY KEY,
    role        text NOT NULL DEFAULT 'reviewer' CHECK (role IN ('reviewer', 'lead')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TYPE screening_stage AS ENUM ('title-abstract', 'full-text');
CREATE TYPE verdict AS ENUM ('include', 'exclude', 'maybe');

-- Append-only: the current decision of a reviewer is the latest row; undo
-- appends a row with verdict NULL. Nothing is ever updated or deleted.
CREATE TABLE decision (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record    bigint NOT NULL REFERENCES record(id),
    stage     screening_stage NOT NULL,
    reviewer  text NOT NULL REFERENCES reviewer(name),
    verdict   verdict,                 -- NULL = decision withdrawn (undo)
    reason    text,
    note      text,
    at        timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX decision_current_idx ON decision (record, stage, reviewer, id DESC);

CREATE VIEW decision_current AS
SELECT DISTINCT ON (record, stage, reviewer) *
  FROM decision
 ORDER BY record, stage, reviewer, id DESC;

CREATE TABLE resolution (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record    bigint NOT NULL REFERENCES record(id),
    stage     screening_stage NOT NULL,
    verdict   verdict NOT NULL,
    reason    text,
    resolver  text NOT NULL REFERENCES reviewer(name),
    at        timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Every change a reviewer makes to review data, for undo and explanation.
CREATE TABLE audit (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor     text NOT NULL DEFAULT current_user,
    action    text NOT NULL,
    detail    jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE TABLE study (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    label  text NOT NULL UNIQUE
);

CREATE TABLE study_record (
    study  bigint NOT NULL REFERENCES study(id),
    record bigint NOT NULL REFERENCES record(id),
    PRIMARY KEY (study, record)
);
