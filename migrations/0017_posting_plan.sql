-- The daily posting plan. A plan is a rule (which groups, which days, what
-- time, which kit); posts are its occurrences for one group on one day,
-- written when a day is first looked at so each has an id the log can name.
-- A post moved, edited or logged by hand is kept as it is when its rule
-- changes; an untouched one follows the rule.
CREATE TABLE post_plans (
    id                INTEGER PRIMARY KEY,
    title             TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 60),
    audience          TEXT    NOT NULL CHECK (audience IN ('groups', 'kind', 'tag')),
    audience_kind     TEXT    CHECK (audience_kind IN ('sales', 'training', 'deals', 'other')),
    audience_tag      TEXT,
    cadence           TEXT    NOT NULL CHECK (cadence IN ('daily', 'weekdays', 'once')),
    -- Bit 0 is Monday … bit 6 Sunday.
    weekdays          INTEGER NOT NULL DEFAULT 0 CHECK (weekdays BETWEEN 0 AND 127),
    start_kind        TEXT    NOT NULL CHECK (start_kind IN ('on', 'group_created', 'campaign')),
    -- The first day ('on') or the campaign's start ('campaign'), Beijing.
    start_on          INTEGER,
    start_after_days  INTEGER NOT NULL DEFAULT 0 CHECK (start_after_days BETWEEN 0 AND 3650),
    ends              TEXT    NOT NULL CHECK (ends IN ('never', 'until', 'times')),
    ends_on           INTEGER,
    ends_after        INTEGER CHECK (ends_after BETWEEN 1 AND 10000),
    -- Minutes after Beijing midnight.
    at_minute         INTEGER NOT NULL CHECK (at_minute BETWEEN 0 AND 1439),
    material_id       INTEGER REFERENCES materials (id),
    ticks             TEXT    CHECK (ticks IN ('morning_greeting', 'noon_post', 'evening_post', 'training',
                                               'red_packet', 'order_showcase')),
    archived_at       INTEGER,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);

CREATE TABLE post_plan_groups (
    plan_id   INTEGER NOT NULL REFERENCES post_plans (id),
    group_id  INTEGER NOT NULL REFERENCES groups (id),
    PRIMARY KEY (plan_id, group_id)
) WITHOUT ROWID;

CREATE TABLE posts (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES post_plans (id),
    group_id     INTEGER NOT NULL REFERENCES groups (id),
    -- The day the rule put it on; with plan and group it names the post.
    origin_day   INTEGER NOT NULL,
    -- When it is due now (moved, or put off with 稍后).
    day          INTEGER NOT NULL,
    due_at       INTEGER NOT NULL,
    material_id  INTEGER REFERENCES materials (id),
    edited       INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
    status       TEXT    NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'later', 'posted', 'skipped')),
    reason       TEXT,
    logged_at    INTEGER,
    late         INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
    UNIQUE (plan_id, group_id, origin_day)
);
CREATE INDEX posts_by_day ON posts (day, due_at);
CREATE INDEX posts_by_group ON posts (group_id, logged_at);
CREATE INDEX posts_by_material ON posts (material_id, logged_at);

-- A post's results read a group's orders by the hour after it.
CREATE INDEX order_rows_by_group_time ON order_rows (group_id, order_time);
