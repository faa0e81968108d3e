import { useState, type FormEvent } from "react";
import type { RuleKind } from "../../bindings/RuleKind";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useCreateRule, useRules, useToggleRule } from "./queries";
import { CARE_RULE_TITLE_CHARS } from "../../bindings/limits";

// The reward and penalty rules: add her own, retire any.
export function RulesPanel() {
  const { t } = useI18n();
  const rules = useRules();
  const [kind, setKind] = useState<RuleKind>("reward");
  const [title, setTitle] = useState("");
  const create = useCreateRule(() => setTitle(""));
  const toggle = useToggleRule();
  const error = create.error ?? toggle.error;

  const add = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ kind, title });
  };

  return (
    <section className="import-panel" aria-labelledby="rules-title" data-testid="rules">
      <h3 id="rules-title">{t("rules.title")}</h3>
      {rules.isError && <ErrorNotice error={rules.error} onRetry={() => void rules.refetch()} />}
      {rules.data && (
        <ul className="tasks">
          {rules.data.map((r) => (
            <li key={r.id}>
              <span>
                <span className="tag">{t(`rules.${r.kind}`)}</span> {r.title}{" "}
                {!r.active && <span className="muted">{t("rules.retired")}</span>}
              </span>
              <button
                type="button"
                disabled={toggle.isPending}
                onClick={() => toggle.mutate({ id: r.id, active: !r.active })}
              >
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
          maxLength={CARE_RULE_TITLE_CHARS}
          required
          aria-label={t("rules.titleField")}
          placeholder={t("rules.titleField")}
        />
        <button type="submit" disabled={create.isPending}>
          {t("rules.add")}
        </button>
      </form>
      {error && <ErrorNotice error={error} />}
    </section>
  );
}
