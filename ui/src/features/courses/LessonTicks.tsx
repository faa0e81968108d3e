import { useState } from "react";
import type { LessonState } from "../../bindings/LessonState";
import type { Mark } from "../../bindings/Mark";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import { useMarkLesson, useProgress } from "./queries";
import { NumberBox } from "../../components/NumberBox";

// One partner's lessons: each ticked by her word or signed off by the
// trainer (with the day), a check's score where the lesson has one, and
// any mark taken back.
export function LessonTicks({ courseId, partnerId, name }: { courseId: number; partnerId: number; name: string }) {
  const { t } = useI18n();
  const progress = useProgress(courseId, partnerId);
  const mark = useMarkLesson(courseId, partnerId);
  if (!progress.data) return progress.error ? <ErrorNotice error={progress.error} /> : null;
  return (
    <div className="lesson-ticks" data-testid="lesson-ticks">
      <p>
        {t("courses.herProgress", { name, percent: progress.data.percent })}
        <progress value={progress.data.done} max={Math.max(progress.data.total, 1)} aria-label={name} />
      </p>
      <ol>
        {progress.data.lessons.map((lesson) => (
          <LessonRow
            key={lesson.material_id}
            lesson={lesson}
            busy={mark.isPending}
            onMark={(m) => mark.mutate({ lesson: lesson.material_id, mark: m })}
          />
        ))}
      </ol>
      {mark.error && <ErrorNotice error={mark.error} />}
    </div>
  );
}

function LessonRow({
  lesson,
  busy,
  onMark,
}: {
  lesson: LessonState;
  busy: boolean;
  onMark: (mark: Mark | null) => void;
}) {
  const { t } = useI18n();
  const [score, setScore] = useState(lesson.score === null ? "" : String(lesson.score));
  const state = lesson.done
    ? t(lesson.marked_by === "trainer" ? "courses.signedOff" : "courses.doneByHer", { day: lesson.marked_on ?? "" })
    : lesson.score !== null
      ? t("courses.notPassed", { score: lesson.score, pass: lesson.pass_score ?? 0 })
      : t("courses.notDone");
  return (
    <li className={lesson.done ? "lesson done" : "lesson"} data-lesson={lesson.material_id}>
      <span className="lesson-title">{lesson.title}</span> <span className="muted">{state}</span>
      <div className="inline">
        {lesson.pass_score === null ? (
          <>
            <button type="button" disabled={busy} onClick={() => onMark({ marked_by: "partner", score: null })}>
              {t("courses.markDone")}
            </button>
            <button type="button" disabled={busy} onClick={() => onMark({ marked_by: "trainer", score: null })}>
              {t("courses.signOff")}
            </button>
          </>
        ) : (
          <>
            <NumberBox
              label={t("courses.score", { pass: lesson.pass_score })}
              min={0}
              max={100}
              value={score}
              onValue={setScore}
              name="score"
            />
            <button
              type="button"
              disabled={busy || score === ""}
              onClick={() => onMark({ marked_by: "trainer", score: Number(score) })}
            >
              {t("courses.recordScore")}
            </button>
          </>
        )}
        {lesson.marked_on !== null && (
          <button type="button" disabled={busy} onClick={() => onMark(null)}>
            {t("courses.unmark")}
          </button>
        )}
      </div>
    </li>
  );
}
