import { useState, type FormEvent } from "react";
import { Field } from "../../components/Field";
import { FormActions } from "../../components/FormActions";
import { useFormErrors } from "../../components/useFormErrors";
import { useI18n } from "../../i18n";
import { useAdjust } from "./queries";

const FIELDS = ["amount", "reason"] as const;

// 调整: a correction she makes by hand, plus or minus, always with its
// reason; it lands in the month still open, never in a closed one.
export function AdjustForm({ partner }: { partner: number }) {
  const { t } = useI18n();
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const adjust = useAdjust();
  const { fieldError, formError } = useFormErrors(adjust.error, FIELDS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    adjust.mutate(
      { partner, amount, reason },
      {
        onSuccess: () => {
          setAmount("");
          setReason("");
        },
      },
    );
  };

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
      <FormActions disabled={adjust.isPending} error={formError} saveLabel="payout.adjust.save" />
    </form>
  );
}
