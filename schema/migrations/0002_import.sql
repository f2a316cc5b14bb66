-- SPDX-License-Identifier: GPL-3.0-or-later
-- Fields the PubMed importer keeps beyond the core model.
ALTER TABLE record
    ADD COLUMN pii            text,
    ADD COLUMN is_book        boolean NOT NULL DEFAULT false,
    ADD COLUMN date_completed date;

CREATE INDEX record_retracted_idx ON record (id) WHERE retracted;
CREATE INDEX record_rescreen_idx ON record (id) WHERE needs_rescreen;

-- Why a version was replaced: 'revised' (new content from a re-import).
ALTER TABLE record_history ADD COLUMN reason text NOT NULL DEFAULT 'revised';

-- The original records are large XML: lz4 compresses them several times
-- faster than the default pglz, when the server was built with it.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings
                WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE record ALTER COLUMN raw SET COMPRESSION lz4;
        ALTER TABLE record_history ALTER COLUMN old SET COMPRESSION lz4;
    END IF;
END
$$;
