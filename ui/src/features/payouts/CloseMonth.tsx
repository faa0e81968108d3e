import { useState } from "react";
import type { OpenMonth } from "../../bindings/OpenMonth";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import { useCloseMonth } from "./queries";

// 结账: asked once more, saying what closing means, since it cannot be undone.
export function CloseMonth({ open, onClosed }: { open: OpenMonth; onClosed: (month: string) => void }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const close = useCloseMonth((month) => {
    setAsking(false);
    onClosed(month);
  });

  return (
    <div className="close-month" data-testid="close-month">
      <button
        type="button"
        className="primary"
        disabled={!open.canClose || close.isPending}
        onClick={() => setAsking(true)}
      >
        {t("payout.close.button", { month: open.month })}
      </button>
      {!open.canClose && <span className="muted"> {t("payout.close.from", { day: open.closableFrom })}</span>}
      {asking && (
        <div className="notice" role="alertdialog" aria-label={t("payout.close.confirmTitle", { month: open.month })}>
          <p>{t("payout.close.confirm", { month: open.month })}</p>
          <button type="button" className="primary" onClick={() => close.mutate(open.month)} disabled={close.isPending}>
            {t("payout.close.yes")}
          </button>
          <button type="button" onClick={() => setAsking(false)} autoFocus>
            {t("form.cancel")}
          </button>
        </div>
      )}
      {close.isPending && (
        <p role="status" data-testid="closing">
          {t("payout.close.working", { month: open.month })}
        </p>
      )}
      {close.isError && <ErrorNotice error={close.error} />}
    </div>
  );
}
