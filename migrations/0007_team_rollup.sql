-- Valid commission per partner and Beijing order day, and the same summed
-- over everyone below each partner at any depth. A partner's own and whole
-- downline's earnings for a range then read one row per day, however big
-- her team is. Sync keeps both in step with order_rows; moving a partner
-- shifts her subtree's totals from her old ancestors to her new ones.
-- `orders` counts distinct orders with at least one valid row.
CREATE TABLE partner_daily (
    partner_id        INTEGER NOT NULL REFERENCES partners (id),
    day               INTEGER NOT NULL,
    orders            INTEGER NOT NULL DEFAULT 0,
    estimate_fee_fen  INTEGER NOT NULL DEFAULT 0,
    actual_fee_fen    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (partner_id, day)
) WITHOUT ROWID;

CREATE TABLE team_daily (
    ancestor_id       INTEGER NOT NULL REFERENCES partners (id),
    day               INTEGER NOT NULL,
    orders            INTEGER NOT NULL DEFAULT 0,
    estimate_fee_fen  INTEGER NOT NULL DEFAULT 0,
    actual_fee_fen    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (ancestor_id, day)
) WITHOUT ROWID;

INSERT INTO partner_daily (partner_id, day, orders, estimate_fee_fen, actual_fee_fen)
SELECT partner_id, order_day, COUNT(DISTINCT order_id), SUM(estimate_fee_fen), SUM(actual_fee_fen)
FROM order_rows
WHERE partner_id IS NOT NULL AND valid_code IN (16, 17, 18, 24)
GROUP BY partner_id, order_day;

INSERT INTO team_daily (ancestor_id, day, orders, estimate_fee_fen, actual_fee_fen)
WITH RECURSIVE up (ancestor_id, partner_id) AS (
    SELECT parent_id, id FROM partners WHERE parent_id IS NOT NULL
    UNION ALL
    SELECT p.parent_id, up.partner_id FROM up JOIN partners p ON p.id = up.ancestor_id WHERE p.parent_id IS NOT NULL
)
SELECT up.ancestor_id, d.day, SUM(d.orders), SUM(d.estimate_fee_fen), SUM(d.actual_fee_fen)
FROM up JOIN partner_daily d ON d.partner_id = up.partner_id
GROUP BY up.ancestor_id, d.day;
