-- Where each imported course came from, as material_origins does for
-- materials: a pack updates only courses that came from that same pack
-- (`pack_id`) in an older version and that she has not changed since; a
-- course she made, or one from another pack, is never replaced unasked,
-- and an older version never rolls one back.
CREATE TABLE course_origins (
    course_id     INTEGER PRIMARY KEY REFERENCES courses (id) ON DELETE CASCADE,
    pack_id       TEXT    NOT NULL,
    pack_version  INTEGER NOT NULL,
    -- SHA-256 of its title and lessons as imported (packs::import), or ''
    -- for a course imported before this table: what it said then was not
    -- kept, so a newer version asks her rather than replacing hers.
    content_hash  TEXT    NOT NULL
);

-- A course came from a pack only as `course-<its uid>`, whose lessons came
-- with it and remember that pack.
INSERT INTO course_origins (course_id, pack_id, pack_version, content_hash)
SELECT c.id, o.pack_id, MAX(o.pack_version), ''
FROM courses c
JOIN course_lessons l ON l.course_id = c.id
JOIN material_origins o ON o.material_id = l.material_id AND o.pack_id = 'course-' || c.uid
GROUP BY c.id, o.pack_id;
