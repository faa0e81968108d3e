// 群管理's reads and writes. A saved or archived group changes the lists,
// the dashboard's names and today's list, so those are read again.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { useWrite } from "../../api/queries";
import type { GroupDetail } from "../../bindings/GroupDetail";
import type { GroupInput } from "../../bindings/GroupInput";
import type { PageRequest } from "../../bindings/PageRequest";
import type { Temperature } from "../../bindings/Temperature";

export function usePositions() {
  return useQuery({ queryKey: keys.groups.positions(), queryFn: api.positionChoices });
}

export function useTemperature(groupId: number) {
  return useQuery({ queryKey: keys.groups.temperature(groupId), queryFn: () => api.groupTemperature(groupId) });
}

export function useGroupStats(days: number) {
  return useQuery({
    queryKey: keys.groups.stats(days),
    queryFn: () => api.groupStats(days),
    placeholderData: keepPreviousData,
  });
}

export function useSizeChart(days: number, lang: string) {
  return useQuery({
    queryKey: keys.groups.sizeChart(days, lang),
    queryFn: () => api.sizeChart(days, lang),
    placeholderData: keepPreviousData,
  });
}

export function useGroupHours(groupId: number) {
  return useQuery({ queryKey: keys.posting.groupHours(groupId), queryFn: () => api.groupHours(groupId) });
}

export function useOpenGroup(onOpened: (group: GroupDetail) => void) {
  return useMutation({ mutationFn: (id: number) => api.groupDetail(id), onSuccess: onOpened });
}

type Archiving = { id: number; name: string; archived: boolean };

export function useArchiveGroup(onArchived: (done: Archiving) => void) {
  return useWrite(
    ({ id, archived }: Archiving) => api.archiveGroup(id, archived),
    [keys.groups.all, keys.care.all, keys.earnings.all],
    { first: (_, done) => onArchived(done) },
  );
}

export function useSaveGroup(current: GroupDetail | null, onSaved: (saved: GroupDetail) => void) {
  return useWrite(
    (input: GroupInput) => (current ? api.updateGroup(current.id, input) : api.createGroup(input)),
    [keys.groups.all, keys.care.all, keys.earnings.all],
    { first: onSaved },
  );
}

export function useCreatePosition() {
  return useMutation({ mutationFn: (name: string) => api.createPosition(name) });
}

export function useRecordMembers(onSaved: (saved: GroupDetail) => void) {
  return useWrite(
    ({ id, members }: { id: number; members: number }) => api.recordGroupMembers(id, members),
    [keys.groups.all],
    { first: onSaved },
  );
}

// Ticking an item answers with the new score, kept as the group's temperature.
export function useToggleCheck(groupId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (item: Temperature["today"][number]) => api.setGroupCheck(groupId, item.item, !item.done),
    onSuccess: (next) => client.setQueryData(keys.groups.temperature(groupId), next),
  });
}

/** Her groups (or the archived ones), a page at a time (what `PagedList` reads). */
export function groupPages(archived: boolean) {
  return { queryKey: keys.groups.list(archived), load: (page: PageRequest) => api.listGroups(archived, page) };
}
