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
