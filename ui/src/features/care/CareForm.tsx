import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, isAppError } from "../../api";
import { keys } from "../../api/keys";
import { useInvalidate } from "../../api/queries";
import type { CareEntry } from "../../bindings/CareEntry";
import type { CareInput } from "../../bindings/CareInput";
import type { CareKind } from "../../bindings/CareKind";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";

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
  const invalidate = useInvalidate();
  const rules = useQuery({ queryKey: keys.care.rules(), queryFn: api.careRules });
  const needsRule = kind === "reward" || kind === "penalty";
  // A refused save keeps the draft; a saved one refreshes the log and today's list.
  const record = useMutation({
    mutationFn: (care: CareInput) => api.recordCare(partnerId, care),
    onSuccess: async (entry) => {
      setNote("");
      await invalidate(keys.care.all);
      onSaved?.(entry);
    },
  });
  const error = record.error;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate({ kind, rule_id: needsRule && ruleId !== "" ? Number(ruleId) : null, note });
  };

  return (
    <form className={compact ? "inline care-form" : "form care-form"} onSubmit={submit} aria-label={t("care.record")}>
      <label className={compact ? "inline" : undefined}>
        {t("care.kind")}
        <select value={kind} onChange={(e) => setKind(e.target.value as CareKind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`careKind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {needsRule && (
        <label className={compact ? "inline" : undefined}>
          {t("care.rule")}
          <select
            value={ruleId}
            onChange={(e) => setRuleId(e.target.value)}
            required
            aria-invalid={isAppError(error) && error.field === "rule_id"}
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
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      </label>
      <button type="submit" className="primary" disabled={record.isPending}>
        {t("care.save")}
      </button>
      {record.isError && <ErrorNotice error={record.error} />}
    </form>
  );
}
