-- Order rows the platform sent that this version could not read, kept
-- whole (raw JSON, the field, the reason) so the rest of their page lands,
-- the 同步 page can count them, and a later reader can try them again.
CREATE TABLE rejected_rows (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    -- The row's id when it could be read, else a digest of the raw text:
    -- one entry per row however often it is read again.
    row_key TEXT NOT NULL,
    row_id INTEGER,
    raw TEXT NOT NULL,
    field TEXT,
    reason TEXT NOT NULL,
    -- The reader version that last failed on it; a newer reader retries.
    reader_version INTEGER NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    run_id INTEGER,
    UNIQUE (account_id, row_key)
);
