-- SPDX-License-Identifier: GPL-3.0-or-later
-- Data extraction: per study, measurements (parameter, timepoint, method)
-- and per measurement the group statistics (responders, non-responders, or
-- named groups). Values are stored normalised (x10^-3 mm^2/s for
-- diffusivities, a fraction for IVIM f); `original` keeps the row exactly as
-- entered, so an export reproduces it and a re-import gives identical data.

-- extractor is a reviewer's name, or 'agreed' for the values the reviewers
-- agreed on after dual extraction (agreed_by says who recorded them).
CREATE TABLE measurement (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    study            bigint NOT NULL REFERENCES study(id),
    extractor        text NOT NULL CHECK (extractor <> ''),
    name             text NOT NULL CHECK (name <> ''),
    parameter        text NOT NULL CHECK (parameter IN
                         ('adc', 'ivim-d', 'ivim-dstar', 'ivim-f', 'dki-d', 'dki-k', 'other')),
    parameter_label  text,
    timepoint        text CHECK (timepoint IN ('baseline', 'early', 'post', 'change')),
    timepoint_days   integer,
    b_values         text,
    field_strength   double precision CHECK (field_strength > 0),
    roi              text,
    criterion        text,
    unit_of_analysis text CHECK (unit_of_analysis IN ('patient', 'lesion')),
    unit             text,            -- canonical unit as entered
    norm_unit        text,            -- unit of the stored values
    cutoff           double precision,
    auc              double precision CHECK (auc BETWEEN 0 AND 1),
    sensitivity      double precision CHECK (sensitivity BETWEEN 0 AND 1),
    specificity      double precision CHECK (specificity BETWEEN 0 AND 1),
    note             text,
    agreed_by        text REFERENCES reviewer(name),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (study, extractor, name),
    CHECK ((extractor = 'agreed') = (agreed_by IS NOT NULL))
);

CREATE TABLE group_stat (
    measurement  bigint NOT NULL REFERENCES measurement(id) ON DELETE CASCADE,
    grp          text NOT NULL CHECK (grp <> ''),
    ord          integer NOT NULL,    -- order of entry
    n            integer NOT NULL CHECK (n > 0),
    mean         double precision,    -- as reported, or derived (mean_method)
    sd           double precision CHECK (sd >= 0),
    median       double precision,
    q1           double precision,
    q3           double precision,
    min          double precision,
    max          double precision,
    mean_method  text,                -- NULL reported; else the estimator
    sd_method    text,
    location     text,                -- page/table/figure in the paper
    original     jsonb NOT NULL,      -- the row as entered, column -> text
    PRIMARY KEY (measurement, grp)
);
