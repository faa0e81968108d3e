import { useState, type FormEvent } from "react";
import type { PayListRow } from "../../bindings/PayListRow";
import type { PaymentInput } from "../../bindings/PaymentInput";
import type { PaymentOutcome } from "../../bindings/PaymentOutcome";
import type { PayMethod } from "../../bindings/PayMethod";
import { Field } from "../../components/Field";
import { FormActions } from "../../components/FormActions";
import { Select } from "../../components/Select";
import { useFormErrors } from "../../components/useFormErrors";
import { formatFen } from "../../format";
import { useI18n, type MessageKey } from "../../i18n";
import { beijingToday, fenOf, yuanText } from "./amounts";
import { PicturePick } from "./PicturePick";
import { useRecordPayment } from "./queries";

const METHODS: PayMethod[] = ["wechat", "alipay", "bank", "cash", "other"];
const FIELDS = ["amount", "method", "paidOn", "reference", "voucher", "tax", "note", "statement"] as const;

// 标记已付: a payment she made outside the app, for one partner on one
// month's statement. It is recorded only when she confirms what it says;
// more than the balance is allowed, with a warning, and carries as a
// negative balance.
export function PaymentForm({
  month,
  row,
  onDone,
}: {
  month: string;
  row: PayListRow;
  onDone: (outcome: PaymentOutcome | null) => void;
}) {
  const { t } = useI18n();
  const [payment, setPayment] = useState<PaymentInput>(() => ({
    partner: row.partner.id,
    amount: yuanText(row.amount),
    method: "wechat",
    paidOn: beijingToday(new Date()),
    reference: "",
    voucher: null,
    tax: "",
    note: "",
    statement: month,
  }));
  const set = (change: Partial<PaymentInput>) => setPayment((p) => ({ ...p, ...change }));
  const [confirming, setConfirming] = useState(false);
  const record = useRecordPayment(onDone);
  const { fieldError, formError } = useFormErrors(record.error, FIELDS);
  const typed = fenOf(payment.amount);
  const over = typed !== null && typed > row.amount;
  const method = (m: PayMethod) => t(`payout.method.${m}` as MessageKey);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.reset();
    setConfirming(true);
  };
  const confirm = () => record.mutate(payment, { onError: () => setConfirming(false) });

  return (
    <form
      className="form"
      onSubmit={submit}
      aria-label={t("payout.pay.form", { name: row.partner.name })}
      data-testid="payment-form"
    >
      <Field label={t("payout.pay.amount")} error={fieldError("amount")}>
        <input
          name="amount"
          inputMode="decimal"
          value={payment.amount}
          onChange={(e) => set({ amount: e.target.value })}
          required
        />
      </Field>
      {over && (
        <p className="wide notice" role="status" data-testid="over-balance">
          {t("payout.pay.over", { balance: formatFen(row.amount) })}
        </p>
      )}
      <Field label={t("payout.pay.method")} error={fieldError("method")}>
        <Select
          name="method"
          value={payment.method}
          choices={METHODS}
          word={method}
          onChoose={(m) => set({ method: m })}
        />
      </Field>
      <Field label={t("payout.pay.paidOn")} error={fieldError("paidOn")}>
        <input
          name="paidOn"
          type="date"
          value={payment.paidOn ?? ""}
          onChange={(e) => set({ paidOn: e.target.value || null })}
        />
      </Field>
      <Field label={t("payout.pay.reference")} error={fieldError("reference")}>
        <input name="reference" value={payment.reference} onChange={(e) => set({ reference: e.target.value })} />
      </Field>
      <Field label={t("payout.pay.tax")} error={fieldError("tax")}>
        <input name="tax" inputMode="decimal" value={payment.tax} onChange={(e) => set({ tax: e.target.value })} />
      </Field>
      <Field label={t("payout.pay.note")} error={fieldError("note")} wide>
        <input name="note" value={payment.note} onChange={(e) => set({ note: e.target.value })} />
      </Field>
      <div className="wide">
        <PicturePick label={t("payout.pay.voucher")} hash={payment.voucher} onHash={(voucher) => set({ voucher })} />
        {fieldError("voucher") && <span className="field-error">{fieldError("voucher")}</span>}
      </div>
      {confirming ? (
        <div className="wide notice" role="alertdialog" aria-label={t("payout.pay.confirmTitle")}>
          <p>
            {t("payout.pay.confirm", {
              name: row.partner.name,
              amount: typed === null ? payment.amount : formatFen(typed),
              method: method(payment.method),
              day: payment.paidOn ?? "",
            })}
          </p>
          <button type="button" className="primary" onClick={confirm} disabled={record.isPending}>
            {t("payout.pay.yes")}
          </button>
          <button type="button" onClick={() => setConfirming(false)} autoFocus>
            {t("payout.pay.back")}
          </button>
        </div>
      ) : (
        <FormActions
          disabled={record.isPending}
          onCancel={() => onDone(null)}
          error={formError}
          saveLabel="payout.pay.record"
        />
      )}
    </form>
  );
}
