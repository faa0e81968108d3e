// 发帖's reads and writes. A logged or moved post changes the queue, the
// log and (through its checklist tick) the group's warmth.
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { useWrite } from "../../api/queries";
import type { LogAction } from "../../bindings/LogAction";
import type { Plan } from "../../bindings/Plan";
import type { PlanDraft } from "../../bindings/PlanDraft";
import type { PostChange } from "../../bindings/PostChange";
import type { PostingSettings } from "../../bindings/PostingSettings";

/** A planned post's time comes on the minute; the queue looks again each minute. */
const REFRESH_MS = 60_000;

/** How many groups and kits a plan chooses from. */
const CHOICES = { offset: 0, limit: 500 };

export function useQueue() {
  return useQuery({ queryKey: keys.posting.queue(), queryFn: api.postQueue, refetchInterval: REFRESH_MS });
}

export function usePostLog() {
  return useQuery({ queryKey: keys.posting.log(), queryFn: api.postLog });
}

export function usePlans(archived: boolean) {
  return useQuery({ queryKey: keys.posting.plans(archived), queryFn: () => api.listPlans(archived) });
}

export function usePostingSettings() {
  return useQuery({ queryKey: keys.posting.settings(), queryFn: api.postingSettings });
}

export function useMaterialRecord(materialId: number) {
  return useQuery({ queryKey: keys.posting.material(materialId), queryFn: () => api.materialRecord(materialId) });
}

export function usePlanGroups() {
  return useQuery({ queryKey: [...keys.groups.all, "plan-groups"], queryFn: () => api.listGroups(false, CHOICES) });
}

export function usePlanKits() {
  return useQuery({
    queryKey: [...keys.materials.all, "plan-kits"],
    queryFn: () => api.listMaterials({ folder_id: null, tag: null, kind: null, archived: false }, CHOICES),
  });
}

export function useStarterPlans() {
  return useWrite(api.addStarterPlans, [keys.posting.all]);
}

export function useArchivePlan() {
  return useWrite((plan: Plan) => api.setPlanArchived(plan.id, plan.archived_at === null), [keys.posting.all]);
}

export function useSavePlan(plan: Plan | null, onSaved: () => void) {
  return useWrite(
    (draft: PlanDraft) => (plan ? api.updatePlan(plan.id, draft) : api.createPlan(draft)),
    [keys.posting.all],
    { last: onSaved },
  );
}

export function useSavePostingSettings(onSaved: () => void) {
  return useWrite((settings: PostingSettings) => api.savePostingSettings(settings), [keys.posting.all], {
    first: onSaved,
  });
}

export function useLogPost(postId: number, onLogged: () => void) {
  return useWrite((action: LogAction) => api.logPost(postId, action), [keys.posting.all, keys.groups.all], {
    first: onLogged,
  });
}

export function useUndoPost(postId: number) {
  return useWrite(() => api.undoPost(postId), [keys.posting.all, keys.groups.all]);
}

// Only this occurrence moves; its plan stays as it is.
export function useMovePost(postId: number, onMoved: () => void) {
  return useWrite((change: PostChange) => api.changePost(postId, change), [keys.posting.all], { first: onMoved });
}

export function useRecordPostUse() {
  return async (materialId: number) => {
    await api.recordMaterialUse(materialId);
    return api.getMaterial(materialId);
  };
}
