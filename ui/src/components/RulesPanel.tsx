import { useState, type FormEvent } from "react";
import { api } from "../api";
import type { RuleKind } from "../bindings/RuleKind";
import { useI18n } from "../i18n";
import { useLoad } from "../useLoad";
import { ErrorNotice } from "./ErrorNotice";

// The reward and penalty rules: add her own, retire any.
export function RulesPanel() {
  const { t } = useI18n();
  const [changed, setChanged] = useState(0);
  const [rules, retry] = useLoad(() => api.careRules(), [changed]);
  const [kind, setKind] = useState<RuleKind>("reward");
  const [title, setTitle] = useState("");
  const [error, setError] = useState<unknown>(null);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await api.createCareRule(kind, title);
      setTitle("");
      setChanged((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };

  const toggle = async (id: number, active: boolean) => {
    setError(null);
    try {
      await api.setCareRuleActive(id, active);
      setChanged((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="import-panel" aria-labelledby="rules-title" data-testid="rules">
      <h3 id="rules-title">{t("rules.title")}</h3>
      {rules.state === "failed" && <ErrorNotice error={rules.error} onRetry={retry} />}
      {rules.state === "ready" && (
        <ul className="tasks">
          {rules.value.map((r) => (
            <li key={r.id}>
              <span>
                <span className="tag">{t(`rules.${r.kind}`)}</span> {r.title}{" "}
                {!r.active && <span className="muted">{t("rules.retired")}</span>}
              </span>
              <button type="button" onClick={() => void toggle(r.id, !r.active)}>
                {r.active ? t("rules.retire") : t("rules.restore")}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline" onSubmit={add}>
        <select value={kind} onChange={(e) => setKind(e.target.value as RuleKind)} aria-label={t("care.kind")}>
          <option value="reward">{t("rules.reward")}</option>
          <option value="penalty">{t("rules.penalty")}</option>
        </select>
        <input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={60}
          required
          aria-label={t("rules.titleField")}
          placeholder={t("rules.titleField")}
        />
        <button type="submit">{t("rules.add")}</button>
      </form>
      {error !== null && <ErrorNotice error={error} />}
    </section>
  );
}
