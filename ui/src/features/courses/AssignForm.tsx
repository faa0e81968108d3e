import { useState, type FormEvent } from "react";
import type { Course } from "../../bindings/Course";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import { useAssignCourse } from "./queries";
import { TAG_CHARS } from "../../bindings/limits";
import type { PartnerSummary } from "../../bindings/PartnerSummary";
import { PartnerSearchPicker } from "../team/PartnerSearchPicker";

// Who takes the course: one partner at a time (found by search, however
// big her team), or everyone with a tag.
export function AssignForm({ course }: { course: Course }) {
  const { t } = useI18n();
  const [partner, setPartner] = useState<PartnerSummary | null>(null);
  const [tag, setTag] = useState("");
  const assign = useAssignCourse(course.id, () => {
    setPartner(null);
    setTag("");
  });
  const byPartner = (event: FormEvent) => {
    event.preventDefault();
    if (partner !== null) assign.mutate({ partner: partner.id });
  };
  const byTag = (event: FormEvent) => {
    event.preventDefault();
    if (tag.trim() !== "") assign.mutate({ tag: tag.trim() });
  };

  return (
    <div className="assign" data-testid="assign-course">
      <form className="inline" onSubmit={byPartner}>
        <span>
          {t("courses.assignPartner")}：
          <strong data-testid="assign-partner">{partner ? partner.name : t("courses.choosePartner")}</strong>
        </span>
        <PartnerSearchPicker label={t("courses.searchPartner")} onPick={setPartner} skipPlaceholders />
        <button type="submit" disabled={partner === null || assign.isPending}>
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
