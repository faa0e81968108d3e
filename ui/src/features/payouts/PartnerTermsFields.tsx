import { useI18n } from "../../i18n";
import { PartnerSearchPicker } from "../team/PartnerSearchPicker";
import type { TermDraft } from "./planDraft";

// Partners with terms of their own: a rate and a smallest payout that
// override her role's and the plan's, each left empty to keep those.
export function PartnerTermsFields({
  terms,
  onChange,
  error,
}: {
  terms: TermDraft[];
  onChange: (terms: TermDraft[]) => void;
  error: string | null;
}) {
  const { t } = useI18n();
  const change = (partner: number, patch: Partial<TermDraft>) =>
    onChange(terms.map((term) => (term.partner === partner ? { ...term, ...patch } : term)));

  return (
    <fieldset className="wide" data-testid="partner-terms">
      <legend>{t("payout.plan.partnerTerms")}</legend>
      {terms.length > 0 && (
        <ul className="plain">
          {terms.map((term) => (
            <li key={term.partner} className="inline">
              <span>{term.name}</span>
              <label>
                {t("payout.plan.termRate")}
                <input
                  inputMode="decimal"
                  size={6}
                  value={term.ownRate}
                  onChange={(e) => change(term.partner, { ownRate: e.target.value })}
                  aria-label={t("payout.plan.termRateOf", { name: term.name })}
                />
              </label>
              <label>
                {t("payout.plan.termMinimum")}
                <input
                  inputMode="decimal"
                  size={8}
                  value={term.minimum}
                  onChange={(e) => change(term.partner, { minimum: e.target.value })}
                  aria-label={t("payout.plan.termMinimumOf", { name: term.name })}
                />
              </label>
              <button type="button" onClick={() => onChange(terms.filter((x) => x.partner !== term.partner))}>
                {t("payout.plan.termRemove", { name: term.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <PartnerSearchPicker
        label={t("payout.plan.termAdd")}
        onPick={(p) => {
          if (!terms.some((x) => x.partner === p.id)) {
            onChange([...terms, { partner: p.id, name: p.name, ownRate: "", minimum: "" }]);
          }
        }}
      />
      {error && <span className="field-error">{error}</span>}
    </fieldset>
  );
}
