-- SPDX-License-Identifier: GPL-3.0-or-later
-- QUADAS-2 risk-of-bias assessment. The instrument is data: the published
-- tool is stored as a version, and the review works on its own copy, which
-- it may tailor (add, drop or reword signalling questions, write guidance)
-- without a code change; a later version of the tool is one more row set.

CREATE TABLE instrument (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name      text NOT NULL,
    version   text NOT NULL,
    based_on  bigint REFERENCES instrument(id),
    in_use    boolean NOT NULL DEFAULT false,
    revision  integer NOT NULL DEFAULT 1,     -- bumped by every tailoring
    UNIQUE (name, version)
);
-- One instrument is the review's.
CREATE UNIQUE INDEX instrument_in_use_idx ON instrument ((true)) WHERE in_use;

-- A domain: its judgement questions (risk of bias, and applicability
-- concerns when it has them), and whether it is rated once per index test.
CREATE TABLE instrument_domain (
    instrument              bigint NOT NULL REFERENCES instrument(id),
    code                    text NOT NULL,
    name                    text NOT NULL,
    applicability           boolean NOT NULL,
    per_index_test          boolean NOT NULL DEFAULT false,
    risk_question           text NOT NULL,
    applicability_question  text,
    position                integer NOT NULL,
    PRIMARY KEY (instrument, code),
    CHECK (applicability = (applicability_question IS NOT NULL))
);

CREATE TABLE instrument_question (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instrument  bigint NOT NULL,
    domain      text NOT NULL,
    code        text NOT NULL,
    text        text NOT NULL CHECK (text <> ''),
    guidance    text,
    position    integer NOT NULL,
    dropped     boolean NOT NULL DEFAULT false,
    added       boolean NOT NULL DEFAULT false,   -- added by the review
    UNIQUE (instrument, code),
    FOREIGN KEY (instrument, domain) REFERENCES instrument_domain (instrument, code)
);

-- The published tool: Whiting PF, Rutjes AWS, Westwood ME, et al. QUADAS-2:
-- a revised tool for the quality assessment of diagnostic accuracy studies.
-- Ann Intern Med 2011;155:529-536.
INSERT INTO instrument (name, version) VALUES ('QUADAS-2', '2011');
INSERT INTO instrument_domain (instrument, code, name, applicability, per_index_test,
                               risk_question, applicability_question, position)
SELECT i.id, d.code, d.name, d.aq IS NOT NULL, d.code = 'D2', d.rq, d.aq, d.pos
  FROM instrument i, (VALUES
        ('D1', 'Patient selection', 1,
         'Could the selection of patients have introduced bias?',
         'Is there concern that the included patients do not match the review question?'),
        ('D2', 'Index test', 2,
         'Could the conduct or interpretation of the index test have introduced bias?',
         'Is there concern that the index test, its conduct, or interpretation differ from the review question?'),
        ('D3', 'Reference standard', 3,
         'Could the reference standard, its conduct, or its interpretation have introduced bias?',
         'Is there concern that the target condition as defined by the reference standard does not match the review question?'),
        ('D4', 'Flow and timing', 4,
         'Could the patient flow have introduced bias?', NULL)) AS d(code, name, pos, rq, aq)
 WHERE i.name = 'QUADAS-2' AND i.version = '2011';
INSERT INTO instrument_question (instrument, domain, code, text, position)
SELECT i.id, q.domain, q.code, q.text, q.pos
  FROM instrument i, (VALUES
    ('D1', '1.1', 'Was a consecutive or random sample of patients enrolled?', 1),
    ('D1', '1.2', 'Was a case-control design avoided?', 2),
    ('D1', '1.3', 'Did the study avoid inappropriate exclusions?', 3),
    ('D2', '2.1', 'Were the index test results interpreted without knowledge of the results of the reference standard?', 1),
    ('D2', '2.2', 'If a threshold was used, was it pre-specified?', 2),
    ('D3', '3.1', 'Is the reference standard likely to correctly classify the target condition?', 1),
    ('D3', '3.2', 'Were the reference standard results interpreted without knowledge of the results of the index test?', 2),
    ('D4', '4.1', 'Was there an appropriate interval between index test(s) and reference standard?', 1),
    ('D4', '4.2', 'Did all patients receive a reference standard?', 2),
    ('D4', '4.3', 'Did patients receive the same reference standard?', 3),
    ('D4', '4.4', 'Were all patients included in the analysis?', 4)) AS q(domain, code, text, pos)
 WHERE i.name = 'QUADAS-2' AND i.version = '2011'
 ORDER BY q.domain, q.pos;

-- The review's copy, in use.
INSERT INTO instrument (name, version, based_on, in_use)
SELECT 'QUADAS-2', '2011 (this review)', id, true FROM instrument
 WHERE name = 'QUADAS-2' AND version = '2011';
INSERT INTO instrument_domain (instrument, code, name, applicability, per_index_test,
                               risk_question, applicability_question, position)
SELECT r.id, d.code, d.name, d.applicability, d.per_index_test, d.risk_question,
       d.applicability_question, d.position
  FROM instrument r JOIN instrument_domain d ON d.instrument = r.based_on WHERE r.in_use;
INSERT INTO instrument_question (instrument, domain, code, text, position)
SELECT r.id, q.domain, q.code, q.text, q.position
  FROM instrument r JOIN instrument_question q ON q.instrument = r.based_on WHERE r.in_use
 ORDER BY q.id;

CREATE TABLE index_test (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    study  bigint NOT NULL REFERENCES study(id),
    name   text NOT NULL CHECK (name <> ''),
    UNIQUE (study, name)
);

-- A rater's judgement of one domain of a study (a per_index_test domain:
-- per index test, index_test '' when the study has none). rater is a reviewer, or
-- 'consensus' for the agreed rating (agreed_by says who recorded it).
CREATE TABLE quadas_rating (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    study          bigint NOT NULL REFERENCES study(id),
    rater          text NOT NULL,
    domain         text NOT NULL,
    index_test     text NOT NULL DEFAULT '',
    risk           text CHECK (risk IN ('low', 'high', 'unclear')),
    applicability  text CHECK (applicability IN ('low', 'high', 'unclear')),
    support        text,
    agreed_by      text REFERENCES reviewer(name),
    at             timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (study, rater, domain, index_test),
    CHECK ((rater = 'consensus') = (agreed_by IS NOT NULL)),
    CHECK (rater = 'consensus' OR rater <> '')
);

CREATE TABLE quadas_answer (
    rating    bigint NOT NULL REFERENCES quadas_rating(id) ON DELETE CASCADE,
    question  bigint NOT NULL REFERENCES instrument_question(id),
    answer    text NOT NULL CHECK (answer IN ('yes', 'no', 'unclear')),
    PRIMARY KEY (rating, question)
);
