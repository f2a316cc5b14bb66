-- SPDX-License-Identifier: GPL-3.0-or-later
-- Saved analysis runs: meta-analyses and per-lesion predictor analyses.
-- Every meta-analysis run: its settings, the exact input rows, the results
-- (the whole JSON report, and the headline numbers as columns so that runs
-- can be compared in SQL), and when and by whom it was run.
CREATE TABLE meta_run (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor       text NOT NULL DEFAULT current_user,
    settings    text NOT NULL,          -- canonical settings, e.g. "MD REML knha where ..."
    k           integer NOT NULL,
    est         double precision,
    ci_lb       double precision,
    ci_ub       double precision,
    tau2        double precision,
    i2          double precision,
    pval        double precision,
    report      jsonb NOT NULL
);
CREATE INDEX meta_run_settings_idx ON meta_run (settings, id);

CREATE TABLE meta_run_study (
    run       bigint NOT NULL REFERENCES meta_run(id) ON DELETE CASCADE,
    label     text NOT NULL,
    included  boolean NOT NULL,         -- false: left out (reason says why)
    reason    text,
    n1 double precision, mean1 double precision, sd1 double precision,
    n2 double precision, mean2 double precision, sd2 double precision,
    yi double precision, vi double precision, weight double precision,
    PRIMARY KEY (run, label)
);

-- Every run of the per-lesion predictor analysis, saved the same way.
CREATE TABLE predict_run (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor       text NOT NULL DEFAULT current_user,
    settings    text NOT NULL,
    lesions     integer NOT NULL,
    patients    integer NOT NULL,
    auc         double precision,
    auc_ci_lb   double precision,
    auc_ci_ub   double precision,
    cutoff      double precision,
    report      jsonb NOT NULL
);
