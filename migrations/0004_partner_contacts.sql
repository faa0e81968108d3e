-- Imports look partners up by WeChat id and phone to find duplicates.
CREATE INDEX partners_by_wechat ON partners (wechat);
CREATE INDEX partners_by_phone ON partners (phone);
