// 分润's reads and writes. Every write changes the ledger, which every figure
// of the area reads (the months, the statements, the pay list, a partner's
// balance on 团队, 总览's reminder), so each refreshes the whole area.
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";
import type { StatementFormat } from "../../api/payouts";
import { useWrite } from "../../api/queries";
import type { AdjustmentInput } from "../../bindings/AdjustmentInput";
import type { PaymentInput } from "../../bindings/PaymentInput";
import type { PaymentOutcome } from "../../bindings/PaymentOutcome";
import type { PayoutPlanInput } from "../../bindings/PayoutPlanInput";

const AREA = [keys.payouts.all];

export function usePayoutMonths() {
  return useQuery({ queryKey: keys.payouts.months(), queryFn: api.payoutMonths });
}

export function usePayoutPlan() {
  return useQuery({ queryKey: keys.payouts.plan(), queryFn: api.payoutPlan });
}

export function useSetPlan(onSaved: () => void) {
  return useWrite((plan: PayoutPlanInput) => api.setPayoutPlan(plan), AREA, { last: onSaved });
}

/** What last month would have paid under `plan`; none asked while `plan` is null. */
export function usePlanPreview(plan: PayoutPlanInput | null) {
  return useQuery({
    queryKey: keys.payouts.preview(plan ?? {}),
    queryFn: () => api.previewPayoutPlan(plan as PayoutPlanInput),
    enabled: plan !== null,
    placeholderData: keepPreviousData,
  });
}

export function useMonthStatements(month: string) {
  return useQuery({ queryKey: keys.payouts.statements(month), queryFn: () => api.monthStatements(month) });
}

export function useCloseMonth(onClosed: (month: string) => void) {
  return useWrite((month: string) => api.closePayoutMonth(month), AREA, { last: (outcome) => onClosed(outcome.month) });
}

export function usePayList(month: string) {
  return useQuery({ queryKey: keys.payouts.payList(month), queryFn: () => api.payList(month) });
}

/** `onRecorded` runs as soon as the store answers: the row paid may leave the pay list once it is read again. */
export function useRecordPayment(onRecorded: (outcome: PaymentOutcome) => void) {
  return useWrite((payment: PaymentInput) => api.recordPayout(payment), AREA, { first: onRecorded });
}

export function usePartnerStatement(partner: number, month: string, lang: string) {
  return useQuery({
    queryKey: keys.payouts.statement(partner, month, lang),
    queryFn: () => api.partnerStatement(partner, month, lang),
  });
}

export function usePartnerPayments(partner: number, month: string) {
  return useQuery({
    queryKey: keys.payouts.payments(partner, month),
    queryFn: () => api.partnerPayments(partner, month),
  });
}

export function useVoidPayment() {
  return useWrite((payment: number) => api.voidPayout(payment), AREA);
}

export function useAdjust() {
  return useWrite((adjustment: AdjustmentInput) => api.adjustPayout(adjustment), AREA);
}

/** Writes a file in Downloads and changes nothing: nothing is marked paid on export. */
export function useExportStatement(partner: number, month: string, lang: string) {
  return useMutation({
    mutationFn: (format: StatementFormat) => api.exportPartnerStatement(partner, month, format, lang),
  });
}

/** The month's book for her accountant, as one XLSX in Downloads. */
export function useExportBook(month: string, lang: string) {
  return useMutation({ mutationFn: () => api.exportPayoutBook(month, lang) });
}

export function usePartnerBalance(partner: number) {
  return useQuery({ queryKey: keys.payouts.balance(partner), queryFn: () => api.partnerPayoutBalance(partner) });
}

export function usePayoutReminder() {
  return useQuery({ queryKey: keys.payouts.reminder(), queryFn: api.payoutReminder });
}

export function usePayoutAudit() {
  return useQuery({ queryKey: keys.payouts.audit(), queryFn: api.payoutAudit });
}

export function usePayCode(partner: number) {
  return useQuery({ queryKey: keys.payouts.payCode(partner), queryFn: () => api.partnerPayCode(partner) });
}

export function useSetPayCode(partner: number) {
  return useWrite((picture: string | null) => api.setPayCode(partner, picture), AREA);
}
