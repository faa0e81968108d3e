// Caring for her partners. Calls over the generated client (../bindings/commands.ts).
import { commands } from "../bindings/commands";
import type { CareInput } from "../bindings/CareInput";
import type { OnboardingStep } from "../bindings/OnboardingStep";
import type { PageRequest } from "../bindings/PageRequest";
import type { PartnerId } from "../bindings/PartnerId";
import type { RuleKind } from "../bindings/RuleKind";

export const careApi = {
  todayTasks: () => commands.todayTasks(),
  recordCare: (partnerId: PartnerId, care: CareInput) => commands.recordCare({ partnerId, care }),
  careHistory: (partnerId: PartnerId, page: PageRequest) => commands.careHistory({ partnerId, page }),
  onboardingPlan: (partnerId: PartnerId) => commands.onboardingPlan({ partnerId }),
  setOnboardingStep: (partnerId: PartnerId, step: OnboardingStep, done: boolean) =>
    commands.setOnboardingStep({ partnerId, step, done }),
  careRules: () => commands.careRules(),
  createCareRule: (kind: RuleKind, title: string) => commands.createCareRule({ kind, title }),
  setCareRuleActive: (id: number, active: boolean) => commands.setCareRuleActive({ id, active }),
};
