import { useState } from "react";
import type { Course } from "../../bindings/Course";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { useI18n } from "../../i18n";
import { AssignForm } from "./AssignForm";
import { CourseBoard } from "./CourseBoard";
import { CourseEditor } from "./CourseEditor";
import { IncludeNotes } from "../../components/IncludeNotes";
import { useArchiveCourse, useCourses, useExportCoursePack } from "./queries";

// Courses: the list on the left; the chosen course's board (who is at
// which lesson, and since when), who takes it, and its editor.
export function CoursesPage() {
  const { t } = useI18n();
  const courses = useCourses();
  const [chosen, setChosen] = useState<number | null>(null);
  const [editing, setEditing] = useState<Course | "new" | null>(null);
  const archive = useArchiveCourse();
  const [includeNotes, setIncludeNotes] = useState(false);
  const exported = useExportCoursePack();
  if (courses.isPending) return <Loading />;
  if (courses.isError) return <ErrorNotice error={courses.error} onRetry={() => void courses.refetch()} />;
  const course = courses.data.find((c) => c.id === chosen) ?? courses.data.find((c) => c.archived_at === null) ?? null;

  return (
    <section aria-labelledby="courses-title" className="courses-page">
      <div className="inline">
        <h2 id="courses-title">{t("courses.title")}</h2>
        <button type="button" className="primary" onClick={() => setEditing("new")}>
          {t("courses.new")}
        </button>
      </div>
      {editing && (
        <CourseEditor
          key={editing === "new" ? "new" : editing.id}
          course={editing === "new" ? null : editing}
          onSaved={(saved) => {
            setEditing(null);
            setChosen(saved.id);
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {courses.data.length === 0 ? (
        <p className="empty">{t("courses.empty")}</p>
      ) : (
        <div className="library-body">
          <nav className="shelves" aria-label={t("courses.title")}>
            {courses.data.map((c) => (
              <button
                key={c.id}
                type="button"
                aria-current={c.id === course?.id}
                onClick={() => setChosen(c.id)}
                data-course={c.id}
              >
                {c.title}
                <span className="muted">
                  {" "}
                  {t("courses.counts", { lessons: c.lessons.length, assigned: c.assigned })}
                </span>
                {c.archived_at !== null && <span className="tag">{t("courses.archived")}</span>}
              </button>
            ))}
          </nav>
          {course && (
            <div className="library-list" data-testid="course-detail">
              <div className="inline">
                <h3>{course.title}</h3>
                {course.for_newcomers && <span className="tag">{t("courses.forNewcomers")}</span>}
                <button type="button" onClick={() => setEditing(course)}>
                  {t("courses.edit")}
                </button>
                <button type="button" onClick={() => archive.mutate(course)} disabled={archive.isPending}>
                  {course.archived_at === null ? t("courses.archive") : t("courses.restore")}
                </button>
                <button
                  type="button"
                  onClick={() => exported.mutate({ id: course.id, notes: includeNotes })}
                  disabled={exported.isPending}
                >
                  {t("packs.export")}
                </button>
                <IncludeNotes checked={includeNotes} onChange={setIncludeNotes} />
              </div>
              {exported.data && (
                <p className="notice" role="status" data-testid="course-pack-exported">
                  {t("packs.exported", { path: exported.data })}
                </p>
              )}
              {exported.error && <ErrorNotice error={exported.error} />}
              <ol className="lesson-outline">
                {course.lessons.map((l) => (
                  <li key={l.material_id}>
                    {l.title}
                    {l.pass_score !== null && (
                      <span className="tag tag-soft">{t("courses.check", { score: l.pass_score })}</span>
                    )}
                  </li>
                ))}
              </ol>
              <AssignForm course={course} />
              <CourseBoard course={course} />
              {archive.error && <ErrorNotice error={archive.error} />}
            </div>
          )}
        </div>
      )}
    </section>
  );
}
