import { useState, type FormEvent } from "react";
import type { CareEntry } from "../../bindings/CareEntry";
import type { CareKind } from "../../bindings/CareKind";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useFormErrors } from "../../components/useFormErrors";
import { useRecordCare, useRules } from "./queries";
import { Select } from "../../components/Select";
import { CARE_NOTE_CHARS } from "../../bindings/limits";

const KINDS: CareKind[] = ["call", "chat", "training", "reward", "penalty"];

// Record one contact, reward or penalty for a partner. Rewards and
// penalties name the rule that applied.
export function CareForm({
  partnerId,
  onSaved,
  compact,
  kind: firstKind = "call",
  note: firstNote = "",
}: {
  partnerId: number;
  onSaved?: (entry: CareEntry) => void;
  compact?: boolean;
  /** What the form starts as: a penalty with its reason, from the risk radar. */
  kind?: CareKind;
  note?: string;
}) {
  const { t } = useI18n();
  const [kind, setKind] = useState<CareKind>(firstKind);
  const [ruleId, setRuleId] = useState("");
  const [note, setNote] = useState(firstNote);
  const rules = useRules();
  const needsRule = kind === "reward" || kind === "penalty";
  const record = useRecordCare(partnerId, (entry) => {
    setNote("");
    onSaved?.(entry);
  });
  const { fieldError } = useFormErrors(record.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate({ kind, rule_id: needsRule && ruleId !== "" ? Number(ruleId) : null, note });
  };

  return (
    <form className={compact ? "inline care-form" : "form care-form"} onSubmit={submit} aria-label={t("care.record")}>
      <label className={compact ? "inline" : undefined}>
        {t("care.kind")}
        <Select value={kind} choices={KINDS} word={(k) => t(`careKind.${k}`)} onChoose={(k) => setKind(k)} />
      </label>
      {needsRule && (
        <label className={compact ? "inline" : undefined}>
          {t("care.rule")}
          <select
            value={ruleId}
            onChange={(e) => setRuleId(e.target.value)}
            required
            aria-invalid={fieldError("rule_id") !== null}
          >
            <option value="">{t("care.pickRule")}</option>
            {rules.data
              ?.filter((r) => r.kind === kind && r.active)
              .map((r) => (
                <option key={r.id} value={r.id}>
                  {r.title}
                </option>
              ))}
          </select>
        </label>
      )}
      <label className={compact ? "inline" : "wide"}>
        {t("care.note")}
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={CARE_NOTE_CHARS} />
      </label>
      <button type="submit" className="primary" disabled={record.isPending}>
        {t("form.save")}
      </button>
      {record.isError && <ErrorNotice error={record.error} />}
    </form>
  );
}
