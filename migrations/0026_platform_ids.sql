-- A partner's and a group's ids on 多多进宝 and 淘宝联盟 (JD's stay in
-- `partners.sub_union_id` and `groups.position_id`). One id per platform
-- each, and an id names one partner or one group only: the pair of keys
-- below is what refuses an id claimed twice.
--
-- `person` is what a partner's links carry: 多多进宝's custom parameter
-- `uid` (a row's `custom_parameters` is matched by its `uid`, or whole
-- when it is no JSON object), 淘宝联盟's `relation_id` or `special_id`.
-- `place` is a group's 推广位: 多多进宝's `p_id`, 淘宝联盟's `adzone_id`.
CREATE TABLE partner_platform_ids (
    platform    TEXT    NOT NULL CHECK (platform IN ('pdd', 'taobao')),
    person      TEXT    NOT NULL CHECK (length(CAST(person AS BLOB)) BETWEEN 1 AND 64),
    partner_id  INTEGER NOT NULL REFERENCES partners (id),
    PRIMARY KEY (platform, person),
    UNIQUE (partner_id, platform)
) WITHOUT ROWID;

CREATE TABLE group_platform_ids (
    platform  TEXT    NOT NULL CHECK (platform IN ('pdd', 'taobao')),
    place     TEXT    NOT NULL CHECK (length(CAST(place AS BLOB)) BETWEEN 1 AND 64),
    group_id  INTEGER NOT NULL REFERENCES groups (id),
    PRIMARY KEY (platform, place),
    UNIQUE (group_id, platform)
) WITHOUT ROWID;

-- Rows of those two platforms whose person or place nobody holds yet stay
-- unattributed; the moment she gives the id to a partner or a group, these
-- find them without reading every row. The person expression is the one
-- `team::platform_ids::PERSON_KEY_SQL` queries with, word for word (SQLite
-- uses an expression index only for the same expression).
CREATE INDEX order_rows_unclaimed_person ON order_rows (platform, (CASE
        WHEN platform <> 'pdd' THEN platform_person
        WHEN json_valid(platform_person) = 0 THEN platform_person
        WHEN json_type(platform_person) <> 'object' THEN platform_person
        WHEN json_type(platform_person, '$.uid') = 'text' THEN json_extract(platform_person, '$.uid')
        WHEN json_type(platform_person, '$.uid') = 'integer' THEN CAST(json_extract(platform_person, '$.uid') AS TEXT)
    END))
    WHERE partner_id IS NULL AND platform_person IS NOT NULL;

CREATE INDEX order_rows_unclaimed_place ON order_rows (platform, platform_place)
    WHERE group_id IS NULL AND platform_place IS NOT NULL;
