-- 分润: what she owes each partner. Plans are versioned snapshots; the
-- ledger is append-only (triggers refuse every UPDATE and DELETE), in fen,
-- and a month's lines are written once, when she closes it. Rates are
-- hundredths of a percent; months are yyyymm; days yyyymmdd Beijing.

-- Each move of a partner to a new parent, so an upline share follows the
-- upline at the order's time rather than today's.
CREATE TABLE partner_moves (
    id             INTEGER PRIMARY KEY,
    partner_id     INTEGER NOT NULL REFERENCES partners (id),
    moved_at       INTEGER NOT NULL,
    old_parent_id  INTEGER REFERENCES partners (id),
    new_parent_id  INTEGER REFERENCES partners (id)
);
CREATE INDEX partner_moves_by_partner ON partner_moves (partner_id, moved_at);

-- What the platform settled of a row on each settlement day, kept only for
-- rows whose `balanceExt` says more than "actualFee on payMonth" (a refund
-- after settlement comes back as a negative amount in a later month).
CREATE TABLE order_row_settlements (
    row_id      INTEGER NOT NULL REFERENCES order_rows (id),
    settle_day  INTEGER NOT NULL,
    fee_fen     INTEGER NOT NULL,
    PRIMARY KEY (row_id, settle_day)
) WITHOUT ROWID;
CREATE INDEX order_row_settlements_by_day ON order_row_settlements (settle_day);

-- One version of the plan: it applies to orders placed from `effective_from`.
CREATE TABLE payout_plans (
    id              INTEGER PRIMARY KEY,
    effective_from  INTEGER NOT NULL,
    own_rate        INTEGER NOT NULL CHECK (own_rate BETWEEN 0 AND 10000),
    override_rate   INTEGER CHECK (override_rate BETWEEN 1 AND 10000),
    minimum_fen     INTEGER NOT NULL CHECK (minimum_fen BETWEEN 0 AND 100000000),
    hold_days       INTEGER NOT NULL CHECK (hold_days BETWEEN 0 AND 180),
    created_at      INTEGER NOT NULL,
    CHECK (own_rate + COALESCE(override_rate, 0) <= 10000)
);

CREATE TABLE payout_plan_roles (
    plan_id   INTEGER NOT NULL REFERENCES payout_plans (id),
    role      TEXT    NOT NULL CHECK (role IN ('leader', 'shopkeeper', 'maker', 'pusher', 'member')),
    own_rate  INTEGER NOT NULL CHECK (own_rate BETWEEN 0 AND 10000),
    PRIMARY KEY (plan_id, role)
) WITHOUT ROWID;

CREATE TABLE payout_plan_partners (
    plan_id      INTEGER NOT NULL REFERENCES payout_plans (id),
    partner_id   INTEGER NOT NULL REFERENCES partners (id),
    own_rate     INTEGER CHECK (own_rate BETWEEN 0 AND 10000),
    minimum_fen  INTEGER CHECK (minimum_fen BETWEEN 0 AND 100000000),
    PRIMARY KEY (plan_id, partner_id)
) WITHOUT ROWID;

-- A closed month: its totals and the hash of its lines. No row = a draft.
CREATE TABLE payout_months (
    month         INTEGER PRIMARY KEY,
    closed_at     INTEGER NOT NULL,
    through_day   INTEGER NOT NULL,
    settled_fen   INTEGER NOT NULL,
    partners_fen  INTEGER NOT NULL,
    hers_fen      INTEGER NOT NULL,
    hash          TEXT    NOT NULL CHECK (length(hash) = 64),
    CHECK (partners_fen + hers_fen = settled_fen)
);

-- What of each row's platform settlement was booked into which month:
-- booking a month takes, per row, what the platform has settled through the
-- month's end minus what earlier months booked.
CREATE TABLE payout_basis (
    month    INTEGER NOT NULL REFERENCES payout_months (month),
    row_id   INTEGER NOT NULL REFERENCES order_rows (id),
    fee_fen  INTEGER NOT NULL,
    PRIMARY KEY (month, row_id)
) WITHOUT ROWID;
CREATE INDEX payout_basis_by_row ON payout_basis (row_id);

CREATE TABLE payout_lines (
    id                INTEGER PRIMARY KEY,
    month             INTEGER NOT NULL,
    partner_id        INTEGER NOT NULL REFERENCES partners (id),
    kind              TEXT    NOT NULL CHECK (kind IN ('commission', 'override', 'reversal', 'adjustment')),
    amount_fen        INTEGER NOT NULL,
    row_id            INTEGER REFERENCES order_rows (id),
    basis_fen         INTEGER,
    plan_id           INTEGER REFERENCES payout_plans (id),
    rate              INTEGER CHECK (rate BETWEEN 0 AND 10000),
    reverses_line_id  INTEGER REFERENCES payout_lines (id),
    reason            TEXT    CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 200),
    created_at        INTEGER NOT NULL,
    CHECK ((kind = 'adjustment') = (reason IS NOT NULL)),
    CHECK ((kind = 'adjustment') = (row_id IS NULL))
);
CREATE INDEX payout_lines_by_month ON payout_lines (month, partner_id);
CREATE INDEX payout_lines_by_partner ON payout_lines (partner_id, month);
CREATE INDEX payout_lines_by_row ON payout_lines (row_id);

-- A payment she made outside the app, allocated to one statement; a wrong
-- one is voided by a second row of the opposite amount.
CREATE TABLE payout_payments (
    id                INTEGER PRIMARY KEY,
    partner_id        INTEGER NOT NULL REFERENCES partners (id),
    month             INTEGER NOT NULL,
    amount_fen        INTEGER NOT NULL CHECK (amount_fen <> 0),
    method            TEXT    NOT NULL CHECK (method IN ('wechat', 'alipay', 'bank', 'cash', 'other')),
    paid_on           INTEGER NOT NULL,
    reference         TEXT    NOT NULL DEFAULT '' CHECK (length(reference) <= 100),
    voucher_hash      TEXT    REFERENCES media (hash),
    tax_fen           INTEGER NOT NULL DEFAULT 0 CHECK (tax_fen >= 0),
    note              TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    voids_payment_id  INTEGER UNIQUE REFERENCES payout_payments (id),
    created_at        INTEGER NOT NULL,
    CHECK ((voids_payment_id IS NULL) = (amount_fen > 0))
);
CREATE INDEX payout_payments_by_partner ON payout_payments (partner_id, month);
CREATE INDEX payout_payments_by_month ON payout_payments (month);

-- Her partner's 收款码 (payment QR code) picture, for the pay list.
CREATE TABLE partner_pay_codes (
    partner_id  INTEGER PRIMARY KEY REFERENCES partners (id),
    media_hash  TEXT    NOT NULL REFERENCES media (hash),
    updated_at  INTEGER NOT NULL
);

-- Who did what to the money, and when.
CREATE TABLE payout_audit (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    actor   TEXT    NOT NULL CHECK (actor IN ('window', 'cli', 'demo')),
    action  TEXT    NOT NULL CHECK (action IN ('plan', 'close', 'payment', 'void', 'adjustment')),
    month   INTEGER,
    detail  TEXT    NOT NULL
);

CREATE TRIGGER payout_plans_append_only_u BEFORE UPDATE ON payout_plans BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER payout_plans_append_only_d BEFORE DELETE ON payout_plans BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER payout_plan_roles_append_only_u BEFORE UPDATE ON payout_plan_roles BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER payout_plan_roles_append_only_d BEFORE DELETE ON payout_plan_roles BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER payout_plan_partners_append_only_u BEFORE UPDATE ON payout_plan_partners BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER payout_plan_partners_append_only_d BEFORE DELETE ON payout_plan_partners BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER payout_months_append_only_u BEFORE UPDATE ON payout_months BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER payout_months_append_only_d BEFORE DELETE ON payout_months BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER payout_basis_append_only_u BEFORE UPDATE ON payout_basis BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER payout_basis_append_only_d BEFORE DELETE ON payout_basis BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER payout_lines_append_only_u BEFORE UPDATE ON payout_lines BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER payout_lines_append_only_d BEFORE DELETE ON payout_lines BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER payout_payments_append_only_u BEFORE UPDATE ON payout_payments BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER payout_payments_append_only_d BEFORE DELETE ON payout_payments BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER payout_audit_append_only_u BEFORE UPDATE ON payout_audit BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER payout_audit_append_only_d BEFORE DELETE ON payout_audit BEGIN SELECT RAISE(ABORT, 'append-only'); END;
-- Lines join a month only while it is open: closing inserts its lines before
-- its `payout_months` row, in one transaction.
CREATE TRIGGER payout_lines_closed_month BEFORE INSERT ON payout_lines
WHEN EXISTS (SELECT 1 FROM payout_months WHERE month = NEW.month)
BEGIN SELECT RAISE(ABORT, 'closed month'); END;
