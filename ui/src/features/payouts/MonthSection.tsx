import { useState } from "react";
import type { LedgerMonths } from "../../bindings/LedgerMonths";
import type { PayoutPartner } from "../../bindings/PayoutPartner";
import { useI18n } from "../../i18n";
import { BookExport } from "./BookExport";
import { CloseMonth } from "./CloseMonth";
import { MonthPicker } from "./MonthPicker";
import { PartnerLedger } from "./PartnerLedger";
import { PayList } from "./PayList";
import { StatementsTable } from "./StatementsTable";

// One month at a time: its statements, closing it when it is the open one,
// the pay list once it is closed, and a partner's ledger from her row.
export function MonthSection({ months }: { months: LedgerMonths }) {
  const { t } = useI18n();
  const first = months.open?.month ?? months.closed[0] ?? null;
  const [month, setMonth] = useState<string | null>(first);
  const [partner, setPartner] = useState<PayoutPartner | null>(null);
  const shown = month !== null && (month === months.open?.month || months.closed.includes(month)) ? month : first;
  if (shown === null) return null;
  const choose = (next: string) => {
    setMonth(next);
    setPartner(null);
  };

  return (
    <section aria-labelledby="payout-month-title">
      <h3 id="payout-month-title">{t("payout.month.title")}</h3>
      <MonthPicker months={months} value={shown} onChoose={choose} />
      {months.open && shown === months.open.month && <CloseMonth open={months.open} onClosed={choose} />}
      <StatementsTable month={shown} onOpen={(row) => setPartner(row.partner)} />
      <BookExport month={shown} />
      {partner && <PartnerLedger partner={partner} month={shown} onClose={() => setPartner(null)} />}
      {months.closed.includes(shown) && <PayList month={shown} />}
    </section>
  );
}
