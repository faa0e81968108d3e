// 分润: the plan, a month's statements, closing, paying, adjusting, a partner's statement and its
// files, her partners' 收款码. Calls over the generated client (../bindings/commands.ts).
import { commands } from "../bindings/commands";
import type { AdjustmentInput } from "../bindings/AdjustmentInput";
import type { PartnerId } from "../bindings/PartnerId";
import type { PaymentInput } from "../bindings/PaymentInput";
import type { PayoutPlanInput } from "../bindings/PayoutPlanInput";

/** The files a partner's statement is exported as. */
export type StatementFormat = "png" | "pdf" | "xlsx";

export const payoutsApi = {
  payoutMonths: () => commands.payoutMonths(),
  payoutPlan: () => commands.payoutPlan(),
  setPayoutPlan: (plan: PayoutPlanInput) => commands.setPayoutPlan({ plan }),
  previewPayoutPlan: (plan: PayoutPlanInput) => commands.previewPayoutPlan({ plan }),
  monthStatements: (month: string) => commands.monthStatements({ month }),
  closePayoutMonth: (month: string) => commands.closePayoutMonth({ month }),
  payList: (month: string) => commands.payList({ month }),
  recordPayout: (payment: PaymentInput) => commands.recordPayout({ payment }),
  partnerPayments: (partner: PartnerId, month: string) => commands.partnerPayments({ partner, month }),
  voidPayout: (payment: number) => commands.voidPayout({ payment }),
  adjustPayout: (adjustment: AdjustmentInput) => commands.adjustPayout({ adjustment }),
  partnerStatement: (partner: PartnerId, month: string, lang: string) =>
    commands.partnerStatement({ partner, month, lang }),
  exportPartnerStatement: (partner: PartnerId, month: string, format: StatementFormat, lang: string) =>
    commands.exportPartnerStatement({ partner, month, format, lang }),
  exportPayoutBook: (month: string, lang: string) => commands.exportPayoutBook({ month, lang }),
  partnerPayoutBalance: (partner: PartnerId) => commands.partnerPayoutBalance({ partner }),
  payoutReminder: () => commands.payoutReminder(),
  payoutAudit: () => commands.payoutAudit(),
  partnerPayCode: (partner: PartnerId) => commands.partnerPayCode({ partner }),
  setPayCode: (partner: PartnerId, picture: string | null) => commands.setPayCode({ partner, picture }),
};
