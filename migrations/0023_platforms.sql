-- no-transaction
-- 多多进宝 and 淘宝联盟 beside JD Union. An account may now be any of the
-- three, so `accounts` is rebuilt with the wider CHECK (SQLite cannot
-- change a CHECK in place): foreign keys are off for the copy, as SQLite's
-- own procedure for a table others refer to asks, and the rebuild is one
-- transaction of its own. It alone is in this file, so that run twice (a
-- crash after COMMIT, before the migration is recorded) it does the same
-- again; everything else the platforms need is in the next migration, in
-- the usual transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

DROP TABLE IF EXISTS accounts_rebuilt;
CREATE TABLE accounts_rebuilt (
    id          INTEGER PRIMARY KEY,
    platform    TEXT    NOT NULL CHECK (platform IN ('jd', 'pdd', 'taobao')),
    gateway     TEXT    NOT NULL,
    app_key     TEXT    NOT NULL,
    is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    created_at  INTEGER NOT NULL,
    UNIQUE (platform, gateway, app_key)
);
INSERT INTO accounts_rebuilt (id, platform, gateway, app_key, is_demo, created_at)
    SELECT id, platform, gateway, app_key, is_demo, created_at FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_rebuilt RENAME TO accounts;

COMMIT;
PRAGMA foreign_keys = ON;
