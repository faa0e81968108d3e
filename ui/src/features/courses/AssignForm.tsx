import { useState, type FormEvent } from "react";
import type { Course } from "../../bindings/Course";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import { useAssignable, useAssignCourse } from "./queries";
import { TAG_CHARS } from "../../bindings/limits";

// Who takes the course: one partner at a time, or everyone with a tag.
export function AssignForm({ course }: { course: Course }) {
  const { t } = useI18n();
  const [partner, setPartner] = useState("");
  const [tag, setTag] = useState("");
  const partners = useAssignable();
  const assign = useAssignCourse(course.id, () => {
    setPartner("");
    setTag("");
  });
  const byPartner = (event: FormEvent) => {
    event.preventDefault();
    if (partner !== "") assign.mutate({ partner: Number(partner) });
  };
  const byTag = (event: FormEvent) => {
    event.preventDefault();
    if (tag.trim() !== "") assign.mutate({ tag: tag.trim() });
  };

  return (
    <div className="assign" data-testid="assign-course">
      <form className="inline" onSubmit={byPartner}>
        <label>
          {t("courses.assignPartner")}
          <select name="partner" value={partner} onChange={(e) => setPartner(e.target.value)}>
            <option value="">{t("courses.choosePartner")}</option>
            {partners.data?.items
              .filter((p) => !p.is_placeholder)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
          </select>
        </label>
        <button type="submit" disabled={partner === "" || assign.isPending}>
          {t("courses.assign")}
        </button>
      </form>
      <form className="inline" onSubmit={byTag}>
        <label>
          {t("courses.assignTag")}
          <input name="tag" value={tag} onChange={(e) => setTag(e.target.value)} maxLength={TAG_CHARS} />
        </label>
        <button type="submit" disabled={tag.trim() === "" || assign.isPending}>
          {t("courses.assign")}
        </button>
      </form>
      {assign.data !== undefined && (
        <p className="notice" role="status">
          {t("courses.assigned", { count: assign.data })}
        </p>
      )}
      {assign.error && <ErrorNotice error={assign.error} />}
    </div>
  );
}
