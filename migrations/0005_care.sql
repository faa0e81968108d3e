-- Caring for the team: a mentor per partner, a log of every contact,
-- reward and penalty, the first-week onboarding steps, and the rules that
-- rewards and penalties refer to (defaults from how head KOCs prune).
ALTER TABLE partners ADD COLUMN mentor_id INTEGER REFERENCES partners (id);

CREATE TABLE care_rules (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('reward', 'penalty')),
    title       TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 60),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  INTEGER NOT NULL
);
INSERT INTO care_rules (kind, title, created_at) VALUES
    ('penalty', '误导性招募（夸大收益、虚假承诺）', 0),
    ('penalty', '破坏价格体系（私自降价、乱价）', 0),
    ('penalty', '销售其他平台的商品', 0),
    ('penalty', '把自己招募的人留在社群之外', 0),
    ('reward', '分享经验、带新人', 0),
    ('reward', '招募新伙伴', 0),
    ('reward', '线下推广', 0);

CREATE TABLE care_log (
    id           INTEGER PRIMARY KEY,
    partner_id   INTEGER NOT NULL REFERENCES partners (id),
    kind         TEXT    NOT NULL CHECK (kind IN ('call', 'chat', 'training', 'reward', 'penalty')),
    rule_id      INTEGER REFERENCES care_rules (id),
    note         TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    day          INTEGER NOT NULL,
    recorded_at  INTEGER NOT NULL,
    CHECK ((kind IN ('reward', 'penalty')) = (rule_id IS NOT NULL))
);
CREATE INDEX care_log_by_partner ON care_log (partner_id, day);

CREATE TABLE onboarding_steps (
    partner_id  INTEGER NOT NULL REFERENCES partners (id),
    step        TEXT    NOT NULL CHECK (step IN ('joined_group', 'mentor_assigned', 'first_training', 'first_share', 'first_order')),
    done_on     INTEGER NOT NULL,
    PRIMARY KEY (partner_id, step)
) WITHOUT ROWID;
CREATE INDEX partners_by_joined ON partners (joined_on);
