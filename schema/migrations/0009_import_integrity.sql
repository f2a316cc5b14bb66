-- SPDX-License-Identifier: GPL-3.0-or-later
-- A file can bring a record (new, revised or unchanged) and delete it too:
-- an update file's DeleteCitation entries follow its records. The outcome
-- keeps what the file brought; deleted says that the same file then marked
-- the record deleted (a DeleteCitation alone is outcome 'deleted').
ALTER TABLE record_search ADD COLUMN deleted boolean NOT NULL DEFAULT false;
UPDATE record_search SET deleted = true WHERE outcome = 'deleted';

-- The original XML (raw) has used lz4 since 0002, but a record's other
-- large fields (abstract, authors with affiliations, MeSH, the abstract's
-- sections) are compressed too once the row is large, and they still used
-- the default pglz: about 4.5 KB of pglz per PubMed record. lz4 for every
-- text and json column of record_version that can be large, when the server
-- was built with lz4 (Debian's PostgreSQL 15 is). Each import's table takes
-- it from record_version (CREATE TABLE ... LIKE ... INCLUDING COMPRESSION);
-- partitions already attached are never written again and keep theirs.
DO $$
DECLARE
    col text;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings
                WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        FOREACH col IN ARRAY ARRAY['title', 'vernacular_title', 'abstract', 'abstract_json',
                                   'authors', 'pub_date', 'mesh', 'keywords', 'comments', 'raw'] LOOP
            EXECUTE format('ALTER TABLE record_version ALTER COLUMN %I SET COMPRESSION lz4', col);
        END LOOP;
        ALTER TABLE record_history ALTER COLUMN old SET COMPRESSION lz4;
    END IF;
END
$$;
