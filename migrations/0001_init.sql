-- The one Tuanzhang schema. Instants are UTC epoch seconds; days are Beijing
-- days as yyyymmdd integers; money is integer fen; rates are hundredths of a
-- percent. Shipped migrations are immutable: change the schema in a new file.

CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    platform    TEXT    NOT NULL CHECK (platform IN ('jd')),
    gateway     TEXT    NOT NULL,
    app_key     TEXT    NOT NULL,
    is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    created_at  INTEGER NOT NULL,
    UNIQUE (platform, gateway, app_key)
);

CREATE TABLE partners (
    id              INTEGER PRIMARY KEY,
    parent_id       INTEGER REFERENCES partners (id),
    name            TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    role            TEXT    NOT NULL CHECK (role IN ('leader', 'shopkeeper', 'maker', 'pusher', 'member')),
    sub_union_id    TEXT    UNIQUE,
    joined_on       INTEGER,
    wechat          TEXT,
    phone           TEXT,
    notes           TEXT    NOT NULL DEFAULT '',
    is_placeholder  INTEGER NOT NULL DEFAULT 0 CHECK (is_placeholder IN (0, 1)),
    created_at      INTEGER NOT NULL,
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX partners_by_parent ON partners (parent_id);
CREATE INDEX partners_by_name ON partners (name);

CREATE TABLE groups (
    id                INTEGER PRIMARY KEY,
    name              TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    kind              TEXT    NOT NULL CHECK (kind IN ('sales', 'training', 'deals', 'other')),
    owner_partner_id  INTEGER REFERENCES partners (id),
    position_id       INTEGER UNIQUE,
    notes             TEXT    NOT NULL DEFAULT '',
    is_placeholder    INTEGER NOT NULL DEFAULT 0 CHECK (is_placeholder IN (0, 1)),
    created_at        INTEGER NOT NULL,
    archived_at       INTEGER
);

CREATE TABLE materials (
    id          INTEGER PRIMARY KEY,
    title       TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    kind        TEXT    NOT NULL CHECK (kind IN ('script', 'poster', 'course', 'daily_kit', 'campaign')),
    body        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- One row per platform order line, keyed by the platform's row id.
CREATE TABLE order_rows (
    id                      INTEGER PRIMARY KEY,
    account_id              INTEGER NOT NULL REFERENCES accounts (id),
    order_id                INTEGER NOT NULL,
    parent_id               INTEGER NOT NULL,
    order_time              INTEGER NOT NULL,
    order_day               INTEGER NOT NULL,
    finish_time             INTEGER,
    modify_time             INTEGER NOT NULL,
    sku_id                  INTEGER NOT NULL,
    sku_name                TEXT    NOT NULL,
    sku_num                 INTEGER NOT NULL,
    sku_return_num          INTEGER NOT NULL,
    sku_frozen_num          INTEGER NOT NULL,
    price_fen               INTEGER NOT NULL,
    cid1                    INTEGER NOT NULL,
    commission_rate         INTEGER NOT NULL,
    final_rate              INTEGER NOT NULL,
    estimate_cos_price_fen  INTEGER NOT NULL,
    estimate_fee_fen        INTEGER NOT NULL,
    actual_cos_price_fen    INTEGER NOT NULL,
    actual_fee_fen          INTEGER NOT NULL,
    pay_month               INTEGER,
    union_id                INTEGER NOT NULL,
    position_id             INTEGER,
    sub_union_id            TEXT,
    plus                    INTEGER NOT NULL,
    valid_code              INTEGER NOT NULL,
    group_id                INTEGER REFERENCES groups (id),
    partner_id              INTEGER REFERENCES partners (id)
);
CREATE INDEX order_rows_by_order ON order_rows (order_id);
CREATE INDEX order_rows_by_day ON order_rows (order_day);
CREATE INDEX order_rows_by_group_day ON order_rows (group_id, order_day);
CREATE INDEX order_rows_by_partner_day ON order_rows (partner_id, order_day);
CREATE INDEX order_rows_by_modify ON order_rows (modify_time);

-- The previous values of a row each time sync saw it change.
CREATE TABLE order_row_history (
    id                INTEGER PRIMARY KEY,
    row_id            INTEGER NOT NULL REFERENCES order_rows (id),
    sync_run_id       INTEGER NOT NULL REFERENCES sync_runs (id),
    recorded_at       INTEGER NOT NULL,
    modify_time       INTEGER NOT NULL,
    valid_code        INTEGER NOT NULL,
    sku_return_num    INTEGER NOT NULL,
    estimate_fee_fen  INTEGER NOT NULL,
    actual_fee_fen    INTEGER NOT NULL,
    pay_month         INTEGER,
    finish_time       INTEGER
);
CREATE INDEX order_row_history_by_row ON order_row_history (row_id, id);

-- Earnings per Beijing order day, group and settlement month, kept in step
-- with order_rows by sync so that the dashboard never scans raw rows.
-- group_id 0 = no group; pay_month 0 = not completed yet. Money covers valid
-- rows only; `orders` counts distinct valid orders (kept at pay_month 0).
CREATE TABLE daily_rollup (
    day               INTEGER NOT NULL,
    group_id          INTEGER NOT NULL,
    pay_month         INTEGER NOT NULL,
    rows              INTEGER NOT NULL DEFAULT 0,
    valid_rows        INTEGER NOT NULL DEFAULT 0,
    orders            INTEGER NOT NULL DEFAULT 0,
    estimate_fee_fen  INTEGER NOT NULL DEFAULT 0,
    actual_fee_fen    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, group_id, pay_month)
) WITHOUT ROWID;
CREATE INDEX daily_rollup_by_pay_month ON daily_rollup (pay_month);

CREATE TABLE sync_runs (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts (id),
    started_at       INTEGER NOT NULL,
    finished_at      INTEGER,
    status           TEXT    NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    windows_planned  INTEGER NOT NULL DEFAULT 0,
    windows_done     INTEGER NOT NULL DEFAULT 0,
    pages            INTEGER NOT NULL DEFAULT 0,
    rows_fetched     INTEGER NOT NULL DEFAULT 0,
    rows_written     INTEGER NOT NULL DEFAULT 0,
    error            TEXT
);
CREATE INDEX sync_runs_by_account ON sync_runs (account_id, id);

-- `position` is the platform instant up to which every window is committed.
CREATE TABLE sync_cursors (
    account_id  INTEGER NOT NULL REFERENCES accounts (id),
    stream      TEXT    NOT NULL CHECK (stream IN ('order_rows')),
    position    INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (account_id, stream)
);
