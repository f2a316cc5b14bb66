-- SPDX-License-Identifier: GPL-3.0-or-later
-- Analysis settings of the review. meta_default_where is the selection
-- `sieve meta` uses for the columns --where does not name (set with
-- `sieve meta --set-default-where`, by a lead: review_before_update, 0008).
-- Its default is the selection sieve has always used.
ALTER TABLE review
    ADD COLUMN meta_default_where text NOT NULL
        DEFAULT 'parameter=adc and timepoint=baseline'
        CHECK (meta_default_where <> '');
