-- Pictures, kept once by their SHA-256 in the store's `media` folder, and a
-- material's ordered parts after its body (text blocks, pictures, the
-- product link, a poster) as JSON, in the material and in each version.
CREATE TABLE media (
    hash      TEXT    PRIMARY KEY CHECK (length(hash) = 64),
    format    TEXT    NOT NULL CHECK (format IN ('png', 'jpeg', 'webp', 'gif')),
    width     INTEGER NOT NULL CHECK (width > 0),
    height    INTEGER NOT NULL CHECK (height > 0),
    bytes     INTEGER NOT NULL CHECK (bytes > 0),
    added_at  INTEGER NOT NULL
) WITHOUT ROWID;

ALTER TABLE materials ADD COLUMN parts TEXT NOT NULL DEFAULT '[]';
ALTER TABLE material_versions ADD COLUMN parts TEXT NOT NULL DEFAULT '[]';
