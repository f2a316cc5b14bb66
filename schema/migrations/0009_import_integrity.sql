-- SPDX-License-Identifier: GPL-3.0-or-later
-- A file can bring a record (new, revised or unchanged) and delete it too:
-- an update file's DeleteCitation entries follow its records. The outcome
-- keeps what the file brought; deleted says that the same file then marked
-- the record deleted (a DeleteCitation alone is outcome 'deleted').
ALTER TABLE record_search ADD COLUMN deleted boolean NOT NULL DEFAULT false;
UPDATE record_search SET deleted = true WHERE outcome = 'deleted';
