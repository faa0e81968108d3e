-- The training library: materials with notes, tags, a folder tree, an
-- optional product and expiry, versions, use counts, and a search index
-- that finds one- and two-character Chinese words.

CREATE TABLE material_folders (
    id          INTEGER PRIMARY KEY,
    -- Stable across laptops: a training pack names folders by this.
    uid         TEXT    NOT NULL UNIQUE,
    parent_id   INTEGER REFERENCES material_folders (id),
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    created_at  INTEGER NOT NULL
);
-- Two folders of one name side by side would be one folder to her.
CREATE UNIQUE INDEX material_folders_name ON material_folders (COALESCE(parent_id, 0), name);

-- The kinds grew from five to nine, which a CHECK cannot be altered to
-- allow: the table is made anew and the rows copied.
CREATE TABLE materials_v2 (
    id            INTEGER PRIMARY KEY,
    uid           TEXT    NOT NULL UNIQUE,
    title         TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    kind          TEXT    NOT NULL CHECK (kind IN ('script', 'daily_kit', 'poster', 'course', 'campaign',
                                                   'product_intro', 'brand', 'income_model', 'fission')),
    body          TEXT    NOT NULL,
    notes         TEXT    NOT NULL DEFAULT '',
    folder_id     INTEGER REFERENCES material_folders (id),
    -- A JD goods URL or SKU id, as she entered it.
    product       TEXT,
    -- Beijing day (yyyymmdd) after which promotional copy is out of date.
    expires_on    INTEGER,
    archived_at   INTEGER,
    -- Every save adds one; the text of each is kept in material_versions.
    revision      INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
    uses          INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0),
    last_used_at  INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
INSERT INTO materials_v2 (id, uid, title, kind, body, created_at, updated_at)
    SELECT id, lower(hex(randomblob(16))), title, kind, body, created_at, updated_at FROM materials;
DROP TABLE materials;
ALTER TABLE materials_v2 RENAME TO materials;
CREATE INDEX materials_folder ON materials (folder_id);
CREATE INDEX materials_recent ON materials (updated_at DESC, id DESC);

CREATE TABLE material_tags (
    material_id  INTEGER NOT NULL REFERENCES materials (id) ON DELETE CASCADE,
    tag          TEXT    NOT NULL CHECK (length(tag) BETWEEN 1 AND 20),
    -- The order she gave them in.
    position     INTEGER NOT NULL,
    PRIMARY KEY (material_id, tag)
) WITHOUT ROWID;
CREATE INDEX material_tags_tag ON material_tags (tag, material_id);

-- Each saved state, the current one included, so any can be viewed and
-- brought back; tags as a JSON array.
CREATE TABLE material_versions (
    material_id  INTEGER NOT NULL REFERENCES materials (id) ON DELETE CASCADE,
    revision     INTEGER NOT NULL,
    title        TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    notes        TEXT    NOT NULL,
    tags         TEXT    NOT NULL,
    folder_id    INTEGER,
    product      TEXT,
    expires_on   INTEGER,
    saved_at     INTEGER NOT NULL,
    PRIMARY KEY (material_id, revision)
) WITHOUT ROWID;
INSERT INTO material_versions (material_id, revision, title, kind, body, notes, tags, saved_at)
    SELECT id, 1, title, kind, body, '', '[]', updated_at FROM materials;

-- Singles and pairs of letters and digits per field (see
-- src/materials/search/grams.rs); contentless, its rowid the material's.
-- Archived materials are taken out and put back on restore.
CREATE VIRTUAL TABLE material_search USING fts5 (
    title1, title2, initials, tags1, tags2, folder1, folder2, body1, body2,
    content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
);

-- The existing materials are indexed by the app on first open (the grams
-- are cut in Rust); this marks them as not yet indexed.
CREATE TABLE material_index_pending (material_id INTEGER PRIMARY KEY);
INSERT INTO material_index_pending SELECT id FROM materials;
