-- What lets the partner report name its top partners for any range without
-- summing every partner's days (3M order rows, 100k partners: a second).
--
-- `partner_month_ceiling`: per partner and order month (yyyymm), the sum of
-- her positive daily estimates. Her estimate over any days of that month is
-- at most this, so the months a range touches, read highest first, bound
-- what any partner not yet read can reach; the report stops reading once
-- its 100th partner is above that bound (a threshold algorithm).
--
-- `partner_day_totals`: every partner's `partner_daily` summed per day, so
-- the line for the partners after the top ones is the range's total minus
-- theirs.
--
-- Sync keeps both in step with `partner_daily` (team/rollup.rs).
CREATE TABLE partner_month_ceiling (
    month        INTEGER NOT NULL,
    partner_id   INTEGER NOT NULL REFERENCES partners (id),
    ceiling_fen  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, partner_id)
) WITHOUT ROWID;

CREATE INDEX partner_month_ceiling_ranked ON partner_month_ceiling (month, ceiling_fen DESC, partner_id);

CREATE TABLE partner_day_totals (
    day               INTEGER PRIMARY KEY,
    orders            INTEGER NOT NULL DEFAULT 0,
    estimate_fee_fen  INTEGER NOT NULL DEFAULT 0,
    actual_fee_fen    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

INSERT INTO partner_month_ceiling (month, partner_id, ceiling_fen)
SELECT day / 100, partner_id, SUM(MAX(estimate_fee_fen, 0))
FROM partner_daily
GROUP BY day / 100, partner_id;

INSERT INTO partner_day_totals (day, orders, estimate_fee_fen, actual_fee_fen)
SELECT day, SUM(orders), SUM(estimate_fee_fen), SUM(actual_fee_fen)
FROM partner_daily
GROUP BY day;

-- The partner report read a range of days across every partner through this
-- index; it now reads the lists above, and every other reader of
-- partner_daily goes by partner first (its key).
DROP INDEX partner_daily_by_day;
