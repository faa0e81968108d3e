-- A platform may throttle with a ban of a stated length (淘宝联盟's code 7,
-- "This ban will last N more seconds"). A ban longer than a run waits out
-- ends the run; the instant it ends is kept with the failed run, so the
-- schedule does not ask again (and lengthen the ban) before then.
ALTER TABLE sync_runs ADD COLUMN retry_after INTEGER;
