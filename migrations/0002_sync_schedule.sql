-- What the scheduler needs to decide the next run from the store alone:
-- how a run failed (so credential errors stop the schedule and transport
-- errors read as "offline"), a warning for windows that could not be filled,
-- and user settings such as the sync interval.
ALTER TABLE sync_runs ADD COLUMN error_class TEXT
    CHECK (error_class IN ('credentials', 'offline', 'transient', 'rate_limited', 'rejected', 'store'));
ALTER TABLE sync_runs ADD COLUMN warning TEXT;

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
