-- 总览's "new risk lines" mark kept one instant for two clocks: a risk row's
-- change is dated by the platform (`modify_time`), a punishment by this
-- laptop when sync saw it freeze (`first_seen`). With the laptop's clock
-- off, the later of the two hid changes dated by the other. Each is now
-- marked on its own clock; a mark from before counts for both.
ALTER TABLE risk_seen ADD COLUMN punished_seen INTEGER NOT NULL DEFAULT 0;
UPDATE risk_seen SET punished_seen = modify_time;
