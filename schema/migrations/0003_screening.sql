-- SPDX-License-Identifier: GPL-3.0-or-later
-- Screening: settings, reasons, highlight terms, undo history, record status
-- per stage, blinding (row-level security on a team server).

ALTER TABLE review
    ADD COLUMN required_ta     smallint NOT NULL DEFAULT 2 CHECK (required_ta BETWEEN 1 AND 2),
    ADD COLUMN required_ft     smallint NOT NULL DEFAULT 2 CHECK (required_ft BETWEEN 1 AND 2),
    ADD COLUMN blind           boolean NOT NULL DEFAULT true,
    ADD COLUMN maybe_conflicts boolean NOT NULL DEFAULT true;

CREATE TABLE reason (
    name      text PRIMARY KEY CHECK (name <> ''),
    position  integer NOT NULL
);

CREATE TABLE term (
    kind  text NOT NULL CHECK (kind IN ('include', 'exclude')),
    term  text NOT NULL CHECK (term <> ''),
    PRIMARY KEY (kind, term)
);

-- Undo appends a row restoring the state before the reviewer's last change;
-- "previous" links each row to the row it replaced, so undo can go back
-- step by step. Nothing is ever updated or deleted.
ALTER TABLE decision
    ADD COLUMN previous bigint REFERENCES decision(id),
    ADD COLUMN is_undo  boolean NOT NULL DEFAULT false;

-- Full-text search of title and abstract. Filled after import, when the
-- first screening command needs it (store_screen_index), so that an import
-- does not pay for it; a re-import that changes a record clears it.
ALTER TABLE record ADD COLUMN fts tsvector;
CREATE INDEX record_fts_idx ON record USING gin (fts);
CREATE INDEX record_fts_missing_idx ON record (id) WHERE fts IS NULL;

-- The current decision of each reviewer (verdict NULL = undecided again).
CREATE OR REPLACE VIEW decision_current WITH (security_invoker = true) AS
SELECT DISTINCT ON (record, stage, reviewer) *
  FROM decision
 ORDER BY record, stage, reviewer, id DESC;

-- A record's status at a stage, from every reviewer's current decision and
-- the latest resolution. With the caller's rights: under row-level security
-- a blinded reviewer's query sees only their own decisions, so the status
-- reveals nothing of anyone else's.
CREATE VIEW record_stage_status WITH (security_invoker = true) AS
WITH cur AS (
    SELECT record, stage, verdict FROM decision_current WHERE verdict IS NOT NULL
), agg AS (
    SELECT record, stage, count(*) AS n,
           count(DISTINCT verdict) AS n_distinct,
           bool_or(verdict = 'maybe') AS any_maybe,
           min(verdict::text) AS one_verdict
      FROM cur GROUP BY record, stage
), res AS (
    SELECT DISTINCT ON (record, stage) record, stage, verdict
      FROM resolution ORDER BY record, stage, id DESC
)
SELECT a.record, a.stage, a.n,
       CASE
         WHEN r.verdict IS NOT NULL THEN
              CASE r.verdict WHEN 'include' THEN 'included' WHEN 'exclude' THEN 'excluded' ELSE 'maybe' END
         WHEN a.n_distinct > 1 THEN 'conflict'
         WHEN a.any_maybe AND a.n >= 2 AND (SELECT maybe_conflicts FROM review) THEN 'conflict'
         WHEN a.n >= (SELECT CASE WHEN a.stage = 'title-abstract' THEN required_ta ELSE required_ft END FROM review) THEN
              CASE a.one_verdict WHEN 'include' THEN 'included' WHEN 'exclude' THEN 'excluded' ELSE 'maybe' END
         ELSE 'open'
       END AS status,
       r.verdict IS NOT NULL AS resolved
  FROM agg a LEFT JOIN res r ON r.record = a.record AND r.stage = a.stage
UNION ALL
SELECT r.record, r.stage, 0, CASE r.verdict WHEN 'include' THEN 'included' WHEN 'exclude' THEN 'excluded' ELSE 'maybe' END, true
  FROM res r WHERE NOT EXISTS (SELECT 1 FROM agg a WHERE a.record = r.record AND a.stage = r.stage);

-- Row-level security for team servers: a reviewer's role sees only its own
-- decisions while the review is blinded; leads see all. (The schema owner
-- and superusers bypass it, as PostgreSQL always allows: the embedded
-- server's single user relies on sieve's own display rules.)
ALTER TABLE decision ENABLE ROW LEVEL SECURITY;
CREATE POLICY decision_read ON decision FOR SELECT
    USING (reviewer = current_user
           OR NOT (SELECT blind FROM review)
           OR EXISTS (SELECT 1 FROM reviewer WHERE name = current_user AND role = 'lead'));
CREATE POLICY decision_write ON decision FOR INSERT
    WITH CHECK (reviewer = current_user);

-- What every reviewer may know without seeing anyone's decisions: which
-- records are at a stage (full text: those included at title/abstract),
-- and how many of them have all their decisions.
CREATE FUNCTION stage_records(p_stage screening_stage) RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT id FROM record
     WHERE NOT deleted
       AND (p_stage = 'title-abstract'
            OR id IN (SELECT record FROM record_stage_status
                       WHERE stage = 'title-abstract' AND status = 'included'))
$$;

CREATE FUNCTION stage_complete(p_stage screening_stage) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT count(*) FROM record_stage_status s
     WHERE s.stage = p_stage AND s.status <> 'open'
       AND s.record IN (SELECT stage_records(p_stage))
$$;
