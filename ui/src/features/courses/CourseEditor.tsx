import { useState, type FormEvent } from "react";
import type { Course } from "../../bindings/Course";
import type { LessonDraft } from "../../bindings/LessonDraft";
import { Field } from "../../components/Field";
import { FormActions } from "../../components/FormActions";
import { useFormErrors } from "../../components/useFormErrors";
import { useI18n } from "../../i18n";
import { useLessonChoices, useSaveCourse } from "./queries";
import { COURSE_TITLE_CHARS } from "../../bindings/limits";

type Row = LessonDraft & { title: string };

// A course's title, its lessons in order (any material of the library,
// lessons first among the choices), a check's passing score per lesson,
// and whether every newcomer takes it.
export function CourseEditor({
  course,
  onSaved,
  onClose,
}: {
  course: Course | null;
  onSaved: (course: Course) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [title, setTitle] = useState(course?.title ?? "");
  const [forNewcomers, setForNewcomers] = useState(course?.for_newcomers ?? false);
  const [rows, setRows] = useState<Row[]>(
    course?.lessons.map((l) => ({ material_id: l.material_id, pass_score: l.pass_score, title: l.title })) ?? [],
  );
  const [adding, setAdding] = useState("");
  const choices = useLessonChoices();
  const save = useSaveCourse(course, onSaved);
  const { fieldError, formError } = useFormErrors(save.error);
  const candidates = [...(choices.data?.items ?? [])]
    .filter((m) => !rows.some((r) => r.material_id === m.id))
    .sort((a, b) => Number(b.kind === "course") - Number(a.kind === "course"));
  const move = (from: number, to: number) => {
    if (to < 0 || to >= rows.length) return;
    const next = [...rows];
    const [row] = next.splice(from, 1);
    next.splice(to, 0, row);
    setRows(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      title,
      for_newcomers: forNewcomers,
      lessons: rows.map(({ material_id, pass_score }) => ({ material_id, pass_score })),
    });
  };
  const heading = course ? t("courses.editTitle", { title: course.title }) : t("courses.new");

  return (
    <form className="form" onSubmit={submit} aria-label={heading} data-testid="course-editor">
      <h3 className="wide">{heading}</h3>
      <Field label={t("courses.fieldTitle")} error={fieldError("title")} wide>
        <input
          name="title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={COURSE_TITLE_CHARS}
          autoFocus
        />
      </Field>
      <label className="wide inline">
        <input type="checkbox" checked={forNewcomers} onChange={(e) => setForNewcomers(e.target.checked)} />
        {t("courses.fieldNewcomers")}
      </label>
      <fieldset className="wide">
        <legend>{t("courses.lessons")}</legend>
        <ol className="part-list">
          {rows.map((row, i) => (
            <li key={row.material_id} className="part">
              <span className="lesson-title">{row.title}</span>
              <label>
                {t("courses.passScoreField")}
                <input
                  type="number"
                  min={1}
                  max={100}
                  value={row.pass_score ?? ""}
                  placeholder={t("courses.noCheck")}
                  onChange={(e) =>
                    setRows(
                      rows.map((r, j) =>
                        j === i ? { ...r, pass_score: e.target.value === "" ? null : Number(e.target.value) } : r,
                      ),
                    )
                  }
                />
              </label>
              <button type="button" onClick={() => move(i, i - 1)} aria-label={t("materials.moveUp")}>
                ↑
              </button>
              <button type="button" onClick={() => move(i, i + 1)} aria-label={t("materials.moveDown")}>
                ↓
              </button>
              <button type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                {t("materials.removePart")}
              </button>
            </li>
          ))}
        </ol>
        <div className="inline">
          <select
            name="lesson"
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
            aria-label={t("courses.addLesson")}
          >
            <option value="">{t("courses.chooseLesson")}</option>
            {candidates.map((m) => (
              <option key={m.id} value={m.id}>
                {m.title}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={adding === ""}
            onClick={() => {
              const m = candidates.find((c) => c.id === Number(adding));
              if (m) setRows([...rows, { material_id: m.id, pass_score: null, title: m.title }]);
              setAdding("");
            }}
          >
            {t("courses.addLesson")}
          </button>
        </div>
        {fieldError("lessons") && (
          <p className="field-error" role="alert">
            {fieldError("lessons")}
          </p>
        )}
      </fieldset>
      <FormActions disabled={save.isPending} onCancel={onClose} error={formError} />
    </form>
  );
}
