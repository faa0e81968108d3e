-- no-transaction
-- 多多进宝 and 淘宝联盟 beside JD Union. An account may now be any of the
-- three, so `accounts` is rebuilt with the wider CHECK (SQLite cannot
-- change a CHECK in place): foreign keys are off for the copy, as SQLite's
-- own procedure for a table others refer to asks, and the whole change is
-- one transaction of its own. Run twice (a crash after COMMIT, before the
-- migration is recorded) it does the same again.
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

-- Each row says its platform. `id` and `order_id` are JD's own numbers for
-- JD rows and, for the other two, stable negative numbers standing for the
-- platform's text keys, kept here as they came; the platform's own status
-- code stays beside the one life `valid_code` maps it to; the place and the
-- person a link was made for are kept as the platform says them.
ALTER TABLE order_rows ADD COLUMN platform TEXT NOT NULL DEFAULT 'jd'
    CHECK (platform IN ('jd', 'pdd', 'taobao'));
ALTER TABLE order_rows ADD COLUMN platform_key TEXT;
ALTER TABLE order_rows ADD COLUMN order_key TEXT;
ALTER TABLE order_rows ADD COLUMN platform_status TEXT;
ALTER TABLE order_rows ADD COLUMN platform_place TEXT;
ALTER TABLE order_rows ADD COLUMN platform_person TEXT;

-- 多多进宝's subsidy fields: kept because the platform sent them, never
-- shown to a partner nor put in anything made for one (its terms forbid
-- showing them to downline agents).
CREATE TABLE order_row_subsidies (
    row_id                          INTEGER PRIMARY KEY REFERENCES order_rows (id),
    subsidy_type                    INTEGER,
    subsidy_amount_fen              INTEGER NOT NULL DEFAULT 0,
    subsidy_duo_amount_level_fen    INTEGER NOT NULL DEFAULT 0,
    subsidy_duo_amount_ten_million_fen INTEGER NOT NULL DEFAULT 0,
    no_subsidy_reason               TEXT
);

COMMIT;
PRAGMA foreign_keys = ON;
