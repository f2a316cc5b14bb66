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

-- The status rule, in one place: from the current verdicts of the
-- reviewers (their number, how many distinct, whether any is maybe, one of
-- them) and the latest resolution.
CREATE FUNCTION status_rule(p_stage screening_stage, n bigint, n_distinct bigint,
                            any_maybe boolean, one_verdict text, resolved verdict)
RETURNS text LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT CASE
      WHEN resolved IS NOT NULL THEN
           CASE resolved WHEN 'include' THEN 'included' WHEN 'exclude' THEN 'excluded' ELSE 'maybe' END
      WHEN n_distinct > 1 THEN 'conflict'
      WHEN any_maybe AND n >= 2 AND (SELECT maybe_conflicts FROM review) THEN 'conflict'
      WHEN n > 0 AND n >= (SELECT CASE WHEN p_stage = 'title-abstract' THEN required_ta
                                  ELSE required_ft END FROM review) THEN
           CASE one_verdict WHEN 'include' THEN 'included' WHEN 'exclude' THEN 'excluded' ELSE 'maybe' END
      ELSE 'open'
    END
$$;

-- One record's status (the list pages call this for the rows they show).
-- With the caller's rights: under row-level security a blinded reviewer
-- computes it from their own decisions only, so it reveals nothing.
CREATE FUNCTION record_status(p_record bigint, p_stage screening_stage)
RETURNS text LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    WITH cur AS (
        SELECT DISTINCT ON (reviewer) verdict FROM decision
         WHERE record = p_record AND stage = p_stage ORDER BY reviewer, id DESC
    ), v AS (SELECT verdict FROM cur WHERE verdict IS NOT NULL)
    SELECT status_rule(p_stage, (SELECT count(*) FROM v),
                       (SELECT count(DISTINCT verdict) FROM v),
                       coalesce((SELECT bool_or(verdict = 'maybe') FROM v), false),
                       (SELECT min(verdict::text) FROM v),
                       (SELECT verdict FROM resolution WHERE record = p_record AND stage = p_stage
                         ORDER BY id DESC LIMIT 1))
$$;

-- Every record's status at each stage it has decisions or a resolution at
-- (conflict lists, counts), by the same rule.
CREATE VIEW record_stage_status WITH (security_invoker = true) AS
WITH cur AS (
    SELECT record, stage, verdict FROM decision_current WHERE verdict IS NOT NULL
), agg AS (
    SELECT record, stage, count(*) AS n, count(DISTINCT verdict) AS n_distinct,
           bool_or(verdict = 'maybe') AS any_maybe, min(verdict::text) AS one_verdict
      FROM cur GROUP BY record, stage
), res AS (
    SELECT DISTINCT ON (record, stage) record, stage, verdict
      FROM resolution ORDER BY record, stage, id DESC
), keys AS (
    SELECT record, stage FROM agg UNION SELECT record, stage FROM res
)
SELECT k.record, k.stage, coalesce(a.n, 0) AS n,
       status_rule(k.stage, coalesce(a.n, 0), coalesce(a.n_distinct, 0),
                   coalesce(a.any_maybe, false), a.one_verdict, r.verdict) AS status,
       r.verdict IS NOT NULL AS resolved
  FROM keys k
  LEFT JOIN agg a ON a.record = k.record AND a.stage = k.stage
  LEFT JOIN res r ON r.record = k.record AND r.stage = k.stage;

-- A reviewer's current decisions, found without scanning everyone's.
CREATE INDEX decision_reviewer_idx ON decision (reviewer, stage, record, id DESC);

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
-- Whether one record is at a stage (decisions check this).
CREATE FUNCTION record_at_stage(p_record bigint, p_stage screening_stage) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT EXISTS (SELECT 1 FROM record WHERE id = p_record AND NOT deleted)
       AND (p_stage = 'title-abstract'
            OR record_status(p_record, 'title-abstract') = 'included')
$$;

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
    SELECT count(*) FROM record_stage_status s JOIN record r ON r.id = s.record
     WHERE s.stage = p_stage AND s.status <> 'open' AND NOT r.deleted
       AND (p_stage = 'title-abstract' OR record_at_stage(r.id, p_stage))
$$;
