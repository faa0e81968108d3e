-- The daily warmth checklist of a group: which of the day's six habits
-- (morning greeting, noon and evening posts, training, red packet, order
-- showcase) were done.
CREATE TABLE group_checks (
    group_id  INTEGER NOT NULL REFERENCES groups (id),
    day       INTEGER NOT NULL,
    item      TEXT    NOT NULL CHECK (item IN ('morning_greeting', 'noon_post', 'evening_post', 'training',
                                               'red_packet', 'order_showcase')),
    PRIMARY KEY (group_id, day, item)
) WITHOUT ROWID;
CREATE INDEX group_checks_by_day ON group_checks (day);
