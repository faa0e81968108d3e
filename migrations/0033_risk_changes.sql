-- 总览's "new risk lines" were the lines dated after her mark: a risk row by
-- the platform's date of its change, a freeze by this laptop's. A change
-- that sync wrote after she looked but that was dated before her mark went
-- unflagged: a page read again in the sync's overlap, an account whose sync
-- lags the others', a punishment read before its row. Each change is now
-- logged as it is written, numbered in the order of writing, and her mark
-- is the last number she has seen: no clock decides what is new. A later
-- migration that rebuilds either table must create its triggers again
-- (the flag's tests fail without them).
CREATE TABLE risk_changes (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    -- No reference: a punishment can be read before its row.
    row_id  INTEGER NOT NULL
);

-- The last change she has seen; none until she first looks, when every
-- logged change is new.
CREATE TABLE risk_changes_seen (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL
);

-- At most one entry per row: a row's later change replaces its earlier
-- one (see the triggers), so the log stays as small as the rows it names.
CREATE INDEX risk_changes_by_row ON risk_changes (row_id);

-- What is new as the marks said (every risk line where she never looked)
-- starts the log. The marks are held as the flag held them when it read
-- them: the platform's date to what sync had read or now, whichever is
-- later; the laptop's to now.
INSERT INTO risk_changes (row_id)
SELECT id FROM order_rows INDEXED BY order_rows_risk_by_day
WHERE valid_code BETWEEN 25 AND 28 AND order_day >= 0
  AND modify_time > COALESCE(
      (SELECT MIN(modify_time,
                  MAX(COALESCE((SELECT MAX(position) FROM sync_cursors WHERE stream = 'order_rows'), unixepoch()),
                      unixepoch()))
       FROM risk_seen),
      -9223372036854775808)
UNION
SELECT row_id FROM order_row_punishments
WHERE punish_status <> 1
  AND first_seen > COALESCE((SELECT MIN(punished_seen, unixepoch()) FROM risk_seen), -9223372036854775808);

DROP TABLE risk_seen;

-- A risk row written new, or frozen already (its punishment came first).
CREATE TRIGGER risk_change_row_new AFTER INSERT ON order_rows
WHEN NEW.valid_code BETWEEN 25 AND 28
  OR EXISTS (SELECT 1 FROM order_row_punishments WHERE row_id = NEW.id AND punish_status <> 1)
BEGIN
    DELETE FROM risk_changes WHERE row_id = NEW.id;
    INSERT INTO risk_changes (row_id) VALUES (NEW.id);
END;

-- A row that is a risk one after the platform changed it: turned risk, or
-- changed again. The same version read again changes nothing.
CREATE TRIGGER risk_change_row_changed AFTER UPDATE OF valid_code, modify_time ON order_rows
WHEN NEW.valid_code BETWEEN 25 AND 28
  AND (NEW.valid_code <> OLD.valid_code OR NEW.modify_time <> OLD.modify_time)
BEGIN
    DELETE FROM risk_changes WHERE row_id = NEW.id;
    INSERT INTO risk_changes (row_id) VALUES (NEW.id);
END;

-- A row frozen by a punishment, first seen frozen or frozen again.
CREATE TRIGGER risk_change_frozen AFTER INSERT ON order_row_punishments
WHEN NEW.punish_status <> 1
BEGIN
    DELETE FROM risk_changes WHERE row_id = NEW.row_id;
    INSERT INTO risk_changes (row_id) VALUES (NEW.row_id);
END;

CREATE TRIGGER risk_change_refrozen AFTER UPDATE OF punish_status ON order_row_punishments
WHEN NEW.punish_status <> 1 AND OLD.punish_status = 1
BEGIN
    DELETE FROM risk_changes WHERE row_id = NEW.row_id;
    INSERT INTO risk_changes (row_id) VALUES (NEW.row_id);
END;
