import { useEffect, useRef } from "react";
import type { PayoutPartner } from "../../bindings/PayoutPartner";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { useI18n } from "../../i18n";
import { AdjustForm } from "./AdjustForm";
import { PayCodeField } from "./PayCodeField";
import { usePartnerStatement } from "./queries";
import { StatementExport } from "./StatementExport";
import { StatementPayments } from "./StatementPayments";
import { StatementView } from "./StatementView";

// One partner's ledger for one month: her statement, its payments, an
// adjustment, the statement's files and her 收款码.
export function PartnerLedger({
  partner,
  month,
  onClose,
}: {
  partner: PayoutPartner;
  month: string;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const statement = usePartnerStatement(partner.id, month, lang);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [partner.id, month]);

  return (
    <section className="editor" aria-labelledby="ledger-title" data-testid="partner-ledger">
      <h4 id="ledger-title" tabIndex={-1} ref={heading}>
        {t("payout.ledger.title", { name: partner.name, month })}
      </h4>
      {statement.isPending && <Loading />}
      {statement.isError && <ErrorNotice error={statement.error} onRetry={() => void statement.refetch()} />}
      {statement.data && <StatementView statement={statement.data} />}
      <StatementPayments partner={partner.id} month={month} />
      <StatementExport partner={partner.id} month={month} />
      <AdjustForm partner={partner.id} />
      <PayCodeField partner={partner.id} name={partner.name} />
      <button type="button" onClick={onClose}>
        {t("groupForm.close")}
      </button>
    </section>
  );
}
