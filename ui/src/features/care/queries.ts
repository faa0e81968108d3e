// 关怀's reads and writes. Whatever she records or ticks can change today's list.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { PAGE_SIZE } from "../../components/Pager";
import { useWrite } from "../../api/queries";
import type { CareEntry } from "../../bindings/CareEntry";
import type { CareInput } from "../../bindings/CareInput";
import type { OnboardingStep } from "../../bindings/OnboardingStep";
import type { RuleKind } from "../../bindings/RuleKind";
import type { StepStatus } from "../../bindings/StepStatus";

export function useToday() {
  return useQuery({ queryKey: keys.care.today(), queryFn: api.todayTasks });
}

export function useRules() {
  return useQuery({ queryKey: keys.care.rules(), queryFn: api.careRules });
}

/** The page of a partner's care log from `offset`, newest first. */
export function useCareLog(partnerId: number, offset: number) {
  return useQuery({
    queryKey: [...keys.care.history(partnerId), offset],
    queryFn: () => api.careHistory(partnerId, { offset, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
}

export function useOnboardingPlan(partnerId: number) {
  return useQuery({ queryKey: keys.care.plan(partnerId), queryFn: () => api.onboardingPlan(partnerId) });
}

// A refused save keeps the draft; a saved one refreshes the log and today's list.
export function useRecordCare(partnerId: number, onSaved: (entry: CareEntry) => void) {
  return useWrite((care: CareInput) => api.recordCare(partnerId, care), [keys.care.all], { last: onSaved });
}

export function useTickStep() {
  return useWrite(
    ({ partnerId, step }: { partnerId: number; step: OnboardingStep }) => api.setOnboardingStep(partnerId, step, true),
    [keys.care.all],
  );
}

// The answer is the whole plan; today's list may lose (or gain) the step.
export function useToggleStep(partnerId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (step: StepStatus) => api.setOnboardingStep(partnerId, step.step, !step.done),
    onSuccess: async (next) => {
      client.setQueryData(keys.care.plan(partnerId), next);
      await client.invalidateQueries({ queryKey: keys.care.today() });
    },
  });
}

export function useCreateRule(onCreated: () => void) {
  return useWrite(
    ({ kind, title }: { kind: RuleKind; title: string }) => api.createCareRule(kind, title),
    [keys.care.rules()],
    { first: onCreated },
  );
}

export function useToggleRule() {
  return useWrite(
    ({ id, active }: { id: number; active: boolean }) => api.setCareRuleActive(id, active),
    [keys.care.rules()],
  );
}
