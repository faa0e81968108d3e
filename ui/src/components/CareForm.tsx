import { useState, type FormEvent } from "react";
import { api, isAppError } from "../api";
import type { CareKind } from "../bindings/CareKind";
import type { CareEntry } from "../bindings/CareEntry";
import { useI18n } from "../i18n";
import { useLoad } from "../useLoad";
import { ErrorNotice } from "./ErrorNotice";

const KINDS: CareKind[] = ["call", "chat", "training", "reward", "penalty"];

// Record one contact, reward or penalty for a partner. Rewards and
// penalties name the rule that applied.
export function CareForm({
  partnerId,
  onSaved,
  compact,
}: {
  partnerId: number;
  onSaved: (entry: CareEntry) => void;
  compact?: boolean;
}) {
  const { t } = useI18n();
  const [kind, setKind] = useState<CareKind>("call");
  const [ruleId, setRuleId] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [rules] = useLoad(() => api.careRules(), []);
  const needsRule = kind === "reward" || kind === "penalty";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const entry = await api.recordCare(partnerId, {
        kind,
        rule_id: needsRule && ruleId !== "" ? Number(ruleId) : null,
        note,
      });
      setNote("");
      onSaved(entry);
    } catch (e) {
      setError(e);
    }
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
            {rules.state === "ready" &&
              rules.value
                .filter((r) => r.kind === kind && r.active)
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
      <button type="submit" className="primary">
        {t("care.save")}
      </button>
      {error !== null && <ErrorNotice error={error} />}
    </form>
  );
}
