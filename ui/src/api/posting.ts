// The posting plan. Calls over the generated client (../bindings/commands.ts).
import { commands } from "../bindings/commands";
import type { GroupId } from "../bindings/GroupId";
import type { LogAction } from "../bindings/LogAction";
import type { MaterialId } from "../bindings/MaterialId";
import type { PlanDraft } from "../bindings/PlanDraft";
import type { PlanId } from "../bindings/PlanId";
import type { PostChange } from "../bindings/PostChange";
import type { PostId } from "../bindings/PostId";
import type { PostingSettings } from "../bindings/PostingSettings";

export const postingApi = {
  postQueue: () => commands.postQueue(),
  listPlans: (archived: boolean) => commands.listPlans({ archived }),
  createPlan: (draft: PlanDraft) => commands.createPlan({ draft }),
  updatePlan: (id: PlanId, draft: PlanDraft) => commands.updatePlan({ id, draft }),
  setPlanArchived: (id: PlanId, archived: boolean) => commands.setPlanArchived({ id, archived }),
  addStarterPlans: () => commands.addStarterPlans(),
  logPost: (id: PostId, action: LogAction) => commands.logPost({ id, action }),
  undoPost: (id: PostId) => commands.undoPost({ id }),
  changePost: (id: PostId, change: PostChange) => commands.changePost({ id, change }),
  postLog: () => commands.postLog(),
  materialRecord: (id: MaterialId) => commands.materialRecord({ id }),
  groupHours: (id: GroupId) => commands.groupHours({ id }),
  postingSettings: () => commands.postingSettings(),
  savePostingSettings: (settings: PostingSettings) => commands.savePostingSettings({ settings }),
};
