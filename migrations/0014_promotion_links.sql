-- Her tracking links (转链): one per goods page and group (its promotion
-- position) or partner (her sub-union id), kept so a copy works offline and
-- refreshed before the short link's 60 days run out.
CREATE TABLE promotion_links (
    -- The goods URL the platform was asked about.
    product       TEXT    NOT NULL,
    target        TEXT    NOT NULL CHECK (target IN ('group', 'partner')),
    target_id     INTEGER NOT NULL,
    -- What the link was made with: a group moved to another position, or
    -- a partner given another sub-union id, needs a new one.
    position_id   INTEGER,
    sub_union_id  TEXT,
    short_url     TEXT    NOT NULL,
    -- The long link does not expire: the fallback when the short one has.
    click_url     TEXT    NOT NULL,
    made_at       INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    PRIMARY KEY (product, target, target_id)
) WITHOUT ROWID;
CREATE INDEX promotion_links_expiry ON promotion_links (expires_at);
