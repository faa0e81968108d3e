import { useState, type FormEvent } from "react";
import { Field } from "../../components/Field";
import { FormActions } from "../../components/FormActions";
import { useFormErrors } from "../../components/useFormErrors";
import { useI18n } from "../../i18n";
import { useAdjust } from "./queries";

const FIELDS = ["amount", "reason"] as const;

// 调整: a correction she makes by hand, plus or minus, always with its
// reason; it lands in the month still open, never in a closed one, and is
// written only when she confirms it (an adjustment is never undone).
export function AdjustForm({ partner }: { partner: number }) {
  const { t } = useI18n();
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState(false);
  const adjust = useAdjust();
  const { fieldError, formError } = useFormErrors(adjust.error, FIELDS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setConfirming(true);
  };
  const confirm = () =>
    adjust.mutate(
      { partner, amount, reason },
      {
        onSuccess: () => {
          setAmount("");
          setReason("");
        },
        onSettled: () => setConfirming(false),
      },
    );

  return (
    <form className="form" onSubmit={submit} aria-label={t("payout.adjust.title")} data-testid="adjust-form">
      <h5 className="wide">{t("payout.adjust.title")}</h5>
      <Field label={t("payout.adjust.amount")} error={fieldError("amount")}>
        <input name="amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} required />
      </Field>
      <Field label={t("payout.adjust.reason")} error={fieldError("reason")} wide>
        <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required />
      </Field>
      {adjust.isSuccess && (
        <p className="wide" role="status">
          {t("payout.adjust.done", { month: adjust.data })}
        </p>
      )}
      {confirming ? (
        <div className="wide notice" role="alertdialog" aria-label={t("payout.adjust.confirmTitle")}>
          <p>{t("payout.adjust.confirm", { amount, reason })}</p>
          <button type="button" className="primary" onClick={confirm} disabled={adjust.isPending}>
            {t("payout.adjust.yes")}
          </button>
          <button type="button" onClick={() => setConfirming(false)} autoFocus>
            {t("payout.pay.back")}
          </button>
        </div>
      ) : (
        <FormActions disabled={adjust.isPending} error={formError} saveLabel="payout.adjust.save" />
      )}
    </form>
  );
}
