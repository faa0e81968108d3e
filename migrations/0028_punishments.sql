-- 淘宝联盟's punished orders (`taobao.tbk.dg.punish.order.get`), newest word
-- per trade. Kept apart from `order_rows` and with no reference to it (a
-- punishment can be read before its row): the risk radar counts a row
-- frozen here as a rule breach, beside the other platforms' risk codes;
-- `first_seen` is when it was last seen to freeze (总览's flag reads it).
CREATE TABLE order_row_punishments (
    row_id          INTEGER PRIMARY KEY,
    trade_key       TEXT    NOT NULL CHECK (length(CAST(trade_key AS BLOB)) BETWEEN 1 AND 64),
    punish_status   INTEGER NOT NULL,
    violation_type  INTEGER,
    first_seen      INTEGER NOT NULL,
    last_seen       INTEGER NOT NULL
);
-- What the radar reads: the rows frozen now.
CREATE INDEX order_row_punishments_frozen ON order_row_punishments (row_id) WHERE punish_status <> 1;
