-- The 团队 table's orders, so that a page of 100,000 partners reads 50
-- index entries instead of sorting them all: entered partners first in the
-- order they were added, and newest joiners first (the exact expressions
-- of `PartnerSort`, which is what lets SQLite use them).
CREATE INDEX partners_in_added_order ON partners (is_placeholder, id);
CREATE INDEX partners_newest_first ON partners (joined_on IS NULL, joined_on DESC, id);
