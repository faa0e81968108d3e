-- Partners carry tags like groups do (a JSON array of short strings).
ALTER TABLE partners ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
