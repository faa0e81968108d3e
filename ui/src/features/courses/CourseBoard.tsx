import { useState } from "react";
import type { BoardRow } from "../../bindings/BoardRow";
import type { Course } from "../../bindings/Course";
import { DataTable } from "../../components/DataTable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { useI18n } from "../../i18n";
import { LessonTicks } from "./LessonTicks";
import { useBoard } from "./queries";

// Everyone taking the course: her progress, the lesson she is at and for
// how long, the longest stuck first; a row opens her lessons to tick.
export function CourseBoard({ course }: { course: Course }) {
  const { t } = useI18n();
  const board = useBoard(course.id);
  const [open, setOpen] = useState<number | null>(null);
  if (board.isPending) return <Loading />;
  if (board.isError) return <ErrorNotice error={board.error} onRetry={() => void board.refetch()} />;
  return (
    <DataTable
      className="course-board"
      testId="course-board"
      rows={board.data}
      rowKey={(row) => row.partner_id}
      rowProps={(row) => ({ "data-partner": row.partner_id })}
      empty={{ message: "courses.nobody" }}
      expanded={(row) =>
        open === row.partner_id && <LessonTicks courseId={course.id} partnerId={row.partner_id} name={row.name} />
      }
      columns={[
        { id: "partner", label: "courses.partner", cell: (row: BoardRow) => row.name },
        {
          id: "progress",
          label: "courses.progress",
          cell: (row) => (
            <>
              <progress value={row.done} max={Math.max(row.total, 1)} aria-label={row.name} />{" "}
              <span data-testid="percent">{row.percent}%</span>
            </>
          ),
        },
        { id: "at", label: "courses.atLesson", cell: (row) => row.at_lesson ?? t("courses.finished") },
        {
          id: "since",
          label: "courses.since",
          cell: (row) => t("courses.sinceDays", { since: row.since, days: row.days_since }),
          cellProps: (row) => ({ className: row.at_lesson && row.days_since >= 3 ? "warn" : undefined }),
        },
        {
          id: "open",
          cell: (row) => (
            <button
              type="button"
              aria-expanded={open === row.partner_id}
              onClick={() => setOpen(open === row.partner_id ? null : row.partner_id)}
            >
              {open === row.partner_id ? t("courses.closeLessons") : t("courses.openLessons")}
            </button>
          ),
        },
      ]}
    />
  );
}
