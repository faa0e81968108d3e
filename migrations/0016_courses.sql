-- Courses: an ordered list of lessons (materials), assigned to partners
-- one by one, by tag, or to every newcomer; per partner each lesson done
-- (ticked by hand or signed off by the trainer, with the day) and, where a
-- lesson has a check, the score.
CREATE TABLE courses (
    id              INTEGER PRIMARY KEY,
    -- Stable across laptops: a training pack names the course by this.
    uid             TEXT    NOT NULL UNIQUE,
    title           TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 60),
    -- Set: every partner who joined from a week before this Beijing day
    -- (yyyymmdd) on is assigned the course.
    newcomers_from  INTEGER,
    created_at      INTEGER NOT NULL,
    archived_at     INTEGER
);

CREATE TABLE course_lessons (
    course_id    INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    material_id  INTEGER NOT NULL REFERENCES materials (id),
    position     INTEGER NOT NULL,
    -- A check she must pass (0–100) for the lesson to count as done.
    pass_score   INTEGER CHECK (pass_score BETWEEN 1 AND 100),
    PRIMARY KEY (course_id, material_id)
) WITHOUT ROWID;

CREATE TABLE course_assignments (
    course_id    INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    partner_id   INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    assigned_on  INTEGER NOT NULL,
    how          TEXT    NOT NULL CHECK (how IN ('one', 'tag', 'newcomer')),
    PRIMARY KEY (course_id, partner_id)
) WITHOUT ROWID;
CREATE INDEX course_assignments_partner ON course_assignments (partner_id);

CREATE TABLE lesson_progress (
    course_id    INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    partner_id   INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    material_id  INTEGER NOT NULL REFERENCES materials (id),
    -- The day it was done, or the check last taken.
    done_on      INTEGER NOT NULL,
    -- 'partner': she ticked it (told her trainer); 'trainer': signed off.
    marked_by    TEXT    NOT NULL CHECK (marked_by IN ('partner', 'trainer')),
    score        INTEGER CHECK (score BETWEEN 0 AND 100),
    PRIMARY KEY (course_id, partner_id, material_id)
) WITHOUT ROWID;
CREATE INDEX lesson_progress_partner ON lesson_progress (partner_id);
