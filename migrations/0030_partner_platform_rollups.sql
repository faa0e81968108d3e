-- The partner report of one platform ranks as the report of all platforms
-- does (0019), from rollups that say their platform: summing one
-- platform's raw rows of a range per partner took over two minutes at
-- 3M rows per platform.
--
-- `partner_platform_daily`: a partner's valid commission per platform and
-- Beijing order day, as `partner_daily` keeps it across platforms (an
-- order counts once, on its partner; an order is on one platform).
-- `partner_platform_month_ceiling`: per platform, order month and partner,
-- the sum of her positive day estimates there, the bound the threshold walk
-- reads highest first. `partner_platform_day_totals`: every partner's days
-- of one platform summed, for the line after the top partners.
--
-- Sync and a partner given her id on a platform keep all three in step with
-- the rows (team/rollup.rs). Moves in the tree do not touch them: they keep
-- no team.
CREATE TABLE partner_platform_daily (
    platform          TEXT    NOT NULL CHECK (platform IN ('jd', 'pdd', 'taobao')),
    partner_id        INTEGER NOT NULL REFERENCES partners (id),
    day               INTEGER NOT NULL,
    orders            INTEGER NOT NULL DEFAULT 0,
    estimate_fee_fen  INTEGER NOT NULL DEFAULT 0,
    actual_fee_fen    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (platform, partner_id, day)
) WITHOUT ROWID;

CREATE TABLE partner_platform_month_ceiling (
    platform     TEXT    NOT NULL CHECK (platform IN ('jd', 'pdd', 'taobao')),
    month        INTEGER NOT NULL,
    partner_id   INTEGER NOT NULL REFERENCES partners (id),
    ceiling_fen  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (platform, month, partner_id)
) WITHOUT ROWID;

CREATE INDEX partner_platform_month_ceiling_ranked
    ON partner_platform_month_ceiling (platform, month, ceiling_fen DESC, partner_id);

CREATE TABLE partner_platform_day_totals (
    platform          TEXT    NOT NULL CHECK (platform IN ('jd', 'pdd', 'taobao')),
    day               INTEGER NOT NULL,
    orders            INTEGER NOT NULL DEFAULT 0,
    estimate_fee_fen  INTEGER NOT NULL DEFAULT 0,
    actual_fee_fen    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (platform, day)
) WITHOUT ROWID;

INSERT INTO partner_platform_daily (platform, partner_id, day, orders, estimate_fee_fen, actual_fee_fen)
SELECT platform, partner_id, order_day, COUNT(DISTINCT order_id), SUM(estimate_fee_fen), SUM(actual_fee_fen)
FROM order_rows
WHERE partner_id IS NOT NULL AND valid_code IN (16, 17, 18, 24)
GROUP BY platform, partner_id, order_day;

INSERT INTO partner_platform_month_ceiling (platform, month, partner_id, ceiling_fen)
SELECT platform, day / 100, partner_id, SUM(MAX(estimate_fee_fen, 0))
FROM partner_platform_daily
GROUP BY platform, day / 100, partner_id;

INSERT INTO partner_platform_day_totals (platform, day, orders, estimate_fee_fen, actual_fee_fen)
SELECT platform, day, SUM(orders), SUM(estimate_fee_fen), SUM(actual_fee_fen)
FROM partner_platform_daily
GROUP BY platform, day;
