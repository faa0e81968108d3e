-- The rollups the earnings reports read besides daily_rollup, kept in step
-- with order_rows by sync like it, so no report of the window scans raw rows.

-- Every row (valid or not) per Beijing order day, first-level category,
-- validCode and settlement month (0 = none yet). Status, category, cohort
-- and settlement reports sum it. Losses are what the row would have earned:
-- `refunded_fen` the returned units of a valid row, `invalidated_fen` the
-- kept units of a row turned invalid (not 15 awaiting payment, not -1).
CREATE TABLE category_daily (
    day               INTEGER NOT NULL,
    cid1              INTEGER NOT NULL,
    valid_code        INTEGER NOT NULL,
    pay_month         INTEGER NOT NULL,
    rows              INTEGER NOT NULL DEFAULT 0,
    estimate_fee_fen  INTEGER NOT NULL DEFAULT 0,
    actual_fee_fen    INTEGER NOT NULL DEFAULT 0,
    refunded_fen      INTEGER NOT NULL DEFAULT 0,
    invalidated_fen   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, cid1, valid_code, pay_month)
) WITHOUT ROWID;
CREATE INDEX category_daily_by_pay_month ON category_daily (pay_month);

-- Valid commission per Beijing order day, hour of the order (0–23) and
-- settlement month (0 = none yet); `orders` counts distinct orders with a
-- valid row (an order has one time), kept at pay_month 0 as daily_rollup does.
CREATE TABLE hour_daily (
    day               INTEGER NOT NULL,
    hour              INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    pay_month         INTEGER NOT NULL,
    rows              INTEGER NOT NULL DEFAULT 0,
    orders            INTEGER NOT NULL DEFAULT 0,
    estimate_fee_fen  INTEGER NOT NULL DEFAULT 0,
    actual_fee_fen    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, hour, pay_month)
) WITHOUT ROWID;

INSERT INTO category_daily (day, cid1, valid_code, pay_month, rows, estimate_fee_fen, actual_fee_fen,
                            refunded_fen, invalidated_fen)
SELECT order_day, cid1, valid_code, COALESCE(pay_month, 0), COUNT(*), SUM(estimate_fee_fen), SUM(actual_fee_fen),
       SUM(CASE WHEN valid_code IN (16, 17, 18, 24)
                THEN price_fen * sku_num * commission_rate * final_rate / 100000000
                   - price_fen * (sku_num - sku_return_num) * commission_rate * final_rate / 100000000
                ELSE 0 END),
       SUM(CASE WHEN valid_code NOT IN (16, 17, 18, 24, 15, -1)
                THEN price_fen * (sku_num - sku_return_num) * commission_rate * final_rate / 100000000
                ELSE 0 END)
FROM order_rows
GROUP BY order_day, cid1, valid_code, COALESCE(pay_month, 0);

INSERT INTO hour_daily (day, hour, pay_month, rows, orders, estimate_fee_fen, actual_fee_fen)
SELECT order_day, (order_time + 28800) / 3600 % 24, COALESCE(pay_month, 0), COUNT(*), 0,
       SUM(estimate_fee_fen), SUM(actual_fee_fen)
FROM order_rows
WHERE valid_code IN (16, 17, 18, 24)
GROUP BY order_day, (order_time + 28800) / 3600 % 24, COALESCE(pay_month, 0);

INSERT INTO hour_daily (day, hour, pay_month, orders)
SELECT order_day, (order_time + 28800) / 3600 % 24, 0, COUNT(DISTINCT order_id)
FROM order_rows
WHERE valid_code IN (16, 17, 18, 24)
GROUP BY order_day, (order_time + 28800) / 3600 % 24
ON CONFLICT (day, hour, pay_month) DO UPDATE SET orders = excluded.orders;

-- A range of days across every partner (the report by partner) reads only
-- that range's entries, not the whole table keyed by partner first.
CREATE INDEX partner_daily_by_day ON partner_daily (day, partner_id, estimate_fee_fen, actual_fee_fen, orders);

-- Risk rows (validCode 25–28) are few; the radar finds them by day without a scan.
CREATE INDEX order_rows_risk_by_day ON order_rows (order_day) WHERE valid_code BETWEEN 25 AND 28;

-- The lines behind a settlement date (the calendar's rows) without a scan.
CREATE INDEX order_rows_by_pay_month ON order_rows (pay_month);

-- What the calendar expected for each coming settlement day, as it stood
-- each day she looked: a past month then shows what was expected a month
-- before beside what landed.
CREATE TABLE settlement_forecasts (
    pay_day       INTEGER NOT NULL,
    seen_on       INTEGER NOT NULL,
    expected_fen  INTEGER NOT NULL,
    PRIMARY KEY (pay_day, seen_on)
) WITHOUT ROWID;

-- The newest change to a risk row (validCode 25–28) she has seen on 总览:
-- later ones are flagged as new.
CREATE TABLE risk_seen (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    modify_time  INTEGER NOT NULL
);
