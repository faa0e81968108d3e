-- 淘宝联盟's 维权 after settlement (`taobao.tbk.order.refund.get`): money the
-- platform takes back from a row it already paid. Kept apart from the row
-- so a later read of the row cannot lose it, and with no reference to
-- `order_rows`: a 维权 can be read before the row it takes from. The sync
-- writer subtracts those in status 12/13 from the row's settled income and
-- books each on its own settlement day (`order_row_settlements`).
CREATE TABLE order_row_clawbacks (
    row_id         INTEGER NOT NULL,
    refund_key     TEXT    NOT NULL CHECK (length(CAST(refund_key AS BLOB)) BETWEEN 1 AND 64),
    trade_key      TEXT    NOT NULL CHECK (length(CAST(trade_key AS BLOB)) BETWEEN 1 AND 64),
    refund_status  INTEGER NOT NULL,
    fee_fen        INTEGER NOT NULL CHECK (fee_fen >= 0),
    settle_day     INTEGER,
    modify_time    INTEGER NOT NULL,
    PRIMARY KEY (row_id, refund_key)
) WITHOUT ROWID;
