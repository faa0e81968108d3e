import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { useInvalidate } from "../../api/queries";
import type { LessonState } from "../../bindings/LessonState";
import type { Mark } from "../../bindings/Mark";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";

// One partner's lessons: each ticked by her word or signed off by the
// trainer (with the day), a check's score where the lesson has one, and
// any mark taken back.
export function LessonTicks({ courseId, partnerId, name }: { courseId: number; partnerId: number; name: string }) {
  const { t } = useI18n();
  const invalidate = useInvalidate();
  const client = useQueryClient();
  const progress = useQuery({
    queryKey: keys.courses.progress(courseId, partnerId),
    queryFn: () => api.courseProgress(courseId, partnerId),
  });
  const mark = useMutation({
    mutationFn: ({ lesson, mark }: { lesson: number; mark: Mark | null }) =>
      api.markLesson(courseId, partnerId, lesson, mark),
    // Her plan's first training, the board and her own page all read these marks.
    onSuccess: async (saved) => {
      client.setQueryData(keys.courses.progress(courseId, partnerId), saved);
      await invalidate(keys.courses.board(courseId), keys.courses.ofPartner(partnerId), keys.care.all, keys.team.all);
    },
  });
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
            <label>
              {t("courses.score", { pass: lesson.pass_score })}
              <input
                type="number"
                min={0}
                max={100}
                value={score}
                onChange={(e) => setScore(e.target.value)}
                name="score"
              />
            </label>
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
