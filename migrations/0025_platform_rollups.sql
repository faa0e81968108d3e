-- The rollups the earnings read say their platform, so every report, chart
-- and share card can be read for one platform or for all three. Each is
-- rebuilt (SQLite cannot change a WITHOUT ROWID table's key in place) with
-- `platform` last in its key: every read ranges over days first, and reads
-- of all platforms stay on the key's prefix. Every row stored before 0023
-- was JD's, so the old sums are JD's. The migration is one transaction:
-- a crash leaves the old tables or the new ones, never half of either.
--
-- The partner and team rollups stay across platforms: a partner's money is
-- hers whatever the platform it was made on.

DROP TABLE IF EXISTS daily_rollup_rebuilt;
CREATE TABLE daily_rollup_rebuilt (
    day               INTEGER NOT NULL,
    group_id          INTEGER NOT NULL,
    pay_month         INTEGER NOT NULL,
    platform          TEXT    NOT NULL DEFAULT 'jd' CHECK (platform IN ('jd', 'pdd', 'taobao')),
    rows              INTEGER NOT NULL DEFAULT 0,
    valid_rows        INTEGER NOT NULL DEFAULT 0,
    orders            INTEGER NOT NULL DEFAULT 0,
    estimate_fee_fen  INTEGER NOT NULL DEFAULT 0,
    actual_fee_fen    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, group_id, pay_month, platform)
) WITHOUT ROWID;
INSERT INTO daily_rollup_rebuilt (day, group_id, pay_month, platform, rows, valid_rows, orders, estimate_fee_fen,
                                  actual_fee_fen)
    SELECT day, group_id, pay_month, 'jd', rows, valid_rows, orders, estimate_fee_fen, actual_fee_fen
    FROM daily_rollup;
DROP TABLE daily_rollup;
ALTER TABLE daily_rollup_rebuilt RENAME TO daily_rollup;
CREATE INDEX daily_rollup_by_pay_month ON daily_rollup (pay_month);

DROP TABLE IF EXISTS category_daily_rebuilt;
CREATE TABLE category_daily_rebuilt (
    day               INTEGER NOT NULL,
    cid1              INTEGER NOT NULL,
    valid_code        INTEGER NOT NULL,
    pay_month         INTEGER NOT NULL,
    platform          TEXT    NOT NULL DEFAULT 'jd' CHECK (platform IN ('jd', 'pdd', 'taobao')),
    rows              INTEGER NOT NULL DEFAULT 0,
    estimate_fee_fen  INTEGER NOT NULL DEFAULT 0,
    actual_fee_fen    INTEGER NOT NULL DEFAULT 0,
    refunded_fen      INTEGER NOT NULL DEFAULT 0,
    invalidated_fen   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, cid1, valid_code, pay_month, platform)
) WITHOUT ROWID;
INSERT INTO category_daily_rebuilt (day, cid1, valid_code, pay_month, platform, rows, estimate_fee_fen,
                                    actual_fee_fen, refunded_fen, invalidated_fen)
    SELECT day, cid1, valid_code, pay_month, 'jd', rows, estimate_fee_fen, actual_fee_fen, refunded_fen,
           invalidated_fen
    FROM category_daily;
DROP TABLE category_daily;
ALTER TABLE category_daily_rebuilt RENAME TO category_daily;
CREATE INDEX category_daily_by_pay_month ON category_daily (pay_month);

DROP TABLE IF EXISTS hour_daily_rebuilt;
CREATE TABLE hour_daily_rebuilt (
    day               INTEGER NOT NULL,
    hour              INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    pay_month         INTEGER NOT NULL,
    platform          TEXT    NOT NULL DEFAULT 'jd' CHECK (platform IN ('jd', 'pdd', 'taobao')),
    rows              INTEGER NOT NULL DEFAULT 0,
    orders            INTEGER NOT NULL DEFAULT 0,
    estimate_fee_fen  INTEGER NOT NULL DEFAULT 0,
    actual_fee_fen    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, hour, pay_month, platform)
) WITHOUT ROWID;
INSERT INTO hour_daily_rebuilt (day, hour, pay_month, platform, rows, orders, estimate_fee_fen, actual_fee_fen)
    SELECT day, hour, pay_month, 'jd', rows, orders, estimate_fee_fen, actual_fee_fen
    FROM hour_daily;
DROP TABLE hour_daily;
ALTER TABLE hour_daily_rebuilt RENAME TO hour_daily;
