-- Groups as she manages them: tags, the day the WeChat group was created,
-- and member counts as a dated history (one entry per group and day).
ALTER TABLE groups ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE groups ADD COLUMN wechat_created_on INTEGER;

CREATE TABLE group_member_counts (
    group_id  INTEGER NOT NULL REFERENCES groups (id),
    day       INTEGER NOT NULL,
    members   INTEGER NOT NULL CHECK (members BETWEEN 0 AND 500),
    PRIMARY KEY (group_id, day)
) WITHOUT ROWID;
