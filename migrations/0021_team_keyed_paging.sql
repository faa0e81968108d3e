-- The 团队 table and tree page by key instead of by offset, so that every
-- page reads about a page of index entries however far in it is.
--
-- Newest joiners first now breaks ties newest-added first, so the index
-- gives the whole order (id DESC) and a page can seek past (joined_on, id).
DROP INDEX partners_newest_first;
CREATE INDEX partners_newest_first ON partners (joined_on IS NULL, joined_on DESC, id DESC);
-- One level of the tree in name order, sought past (name, id) below a parent
-- instead of sorting the whole level for every page.
CREATE INDEX partners_tree_by_name ON partners (parent_id, name);
