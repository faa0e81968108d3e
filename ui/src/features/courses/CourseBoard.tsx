import { useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { api } from "../../api";
import { keys } from "../../api/keys";
import type { Course } from "../../bindings/Course";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { useI18n } from "../../i18n";
import { LessonTicks } from "./LessonTicks";

// Everyone taking the course: her progress, the lesson she is at and for
// how long, the longest stuck first; a row opens her lessons to tick.
export function CourseBoard({ course }: { course: Course }) {
  const { t } = useI18n();
  const board = useQuery({ queryKey: keys.courses.board(course.id), queryFn: () => api.courseBoard(course.id) });
  const [open, setOpen] = useState<number | null>(null);
  if (board.isPending) return <Loading />;
  if (board.isError) return <ErrorNotice error={board.error} onRetry={() => void board.refetch()} />;
  if (board.data.length === 0) return <p className="empty">{t("courses.nobody")}</p>;
  return (
    <table className="course-board" data-testid="course-board">
      <thead>
        <tr>
          <th scope="col">{t("courses.partner")}</th>
          <th scope="col">{t("courses.progress")}</th>
          <th scope="col">{t("courses.atLesson")}</th>
          <th scope="col">{t("courses.since")}</th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {board.data.map((row) => (
          <Fragment key={row.partner_id}>
            <tr data-partner={row.partner_id}>
              <td>{row.name}</td>
              <td>
                <progress value={row.done} max={Math.max(row.total, 1)} aria-label={row.name} />{" "}
                <span data-testid="percent">{row.percent}%</span>
              </td>
              <td>{row.at_lesson ?? t("courses.finished")}</td>
              <td className={row.at_lesson && row.days_since >= 3 ? "warn" : undefined}>
                {t("courses.sinceDays", { since: row.since, days: row.days_since })}
              </td>
              <td>
                <button
                  type="button"
                  aria-expanded={open === row.partner_id}
                  onClick={() => setOpen(open === row.partner_id ? null : row.partner_id)}
                >
                  {open === row.partner_id ? t("courses.closeLessons") : t("courses.openLessons")}
                </button>
              </td>
            </tr>
            {open === row.partner_id && (
              <tr>
                <td colSpan={5}>
                  <LessonTicks courseId={course.id} partnerId={row.partner_id} name={row.name} />
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
