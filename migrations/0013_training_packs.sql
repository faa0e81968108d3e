-- Training packs between laptops: where each imported material came from
-- and the text it had then, so a newer pack updates only what its author
-- changed and a material both sides changed is shown as a conflict.
CREATE TABLE material_origins (
    material_id   INTEGER PRIMARY KEY REFERENCES materials (id) ON DELETE CASCADE,
    pack_id       TEXT    NOT NULL,
    pack_version  INTEGER NOT NULL,
    -- SHA-256 of the material's content as imported (packs::content_hash).
    content_hash  TEXT    NOT NULL
);

-- Each pack exported from here, and its last version: exporting the same
-- folder or tag again makes the next version of the same pack.
CREATE TABLE pack_exports (
    pack_id       TEXT    PRIMARY KEY,
    version       INTEGER NOT NULL CHECK (version >= 1),
    exported_at   INTEGER NOT NULL
);
