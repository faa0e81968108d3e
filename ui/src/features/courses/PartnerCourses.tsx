import { useI18n } from "../../i18n";
import { usePartnerCourses } from "./queries";

// On her page: each course she takes and how far she is, the lesson she is at.
export function PartnerCourses({ partnerId }: { partnerId: number }) {
  const { t } = useI18n();
  const courses = usePartnerCourses(partnerId);
  if (!courses.data || courses.data.length === 0) return null;
  return (
    <div data-testid="partner-courses">
      <h4>{t("courses.title")}</h4>
      <ul className="plain">
        {courses.data.map((c) => {
          const at = c.lessons.find((l) => !l.done);
          return (
            <li key={c.course_id}>
              {c.course_title} <progress value={c.done} max={Math.max(c.total, 1)} aria-label={c.course_title} />{" "}
              <span data-testid="partner-course-percent">{c.percent}%</span>{" "}
              <span className="muted">
                {at ? t("courses.atLessonNamed", { title: at.title }) : t("courses.finished")}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
