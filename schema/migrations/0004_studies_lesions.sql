-- SPDX-License-Identifier: GPL-3.0-or-later
-- Studies (one or more records each) and per-lesion data.

ALTER TABLE study
    ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN source     text NOT NULL DEFAULT 'screening'
                          CHECK (source IN ('screening', 'manual'));

-- A record belongs to at most one study.
CREATE UNIQUE INDEX study_record_record_idx ON study_record (record);

-- One lesion's baseline ADC and response, linked to its study and patient so
-- analyses can account for several lesions per patient. ADC values are
-- stored in x10^-3 mm^2/s; `original` keeps what was entered.
CREATE TABLE lesion (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    study         bigint NOT NULL REFERENCES study(id),
    patient       text NOT NULL CHECK (patient <> ''),
    lesion        text NOT NULL CHECK (lesion <> ''),
    adc_baseline  double precision NOT NULL CHECK (adc_baseline > 0),
    responder     boolean NOT NULL,
    adc_followup  double precision CHECK (adc_followup > 0),
    followup_days integer CHECK (followup_days >= 0),
    unit_entered  text NOT NULL,
    original      json NOT NULL,
    imported_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (study, patient, lesion)
);
