// Her WeChat groups. Calls over the generated client (../bindings/commands.ts).
import { commands } from "../bindings/commands";
import type { CheckItem } from "../bindings/CheckItem";
import type { GroupId } from "../bindings/GroupId";
import type { GroupInput } from "../bindings/GroupInput";
import type { PageRequest } from "../bindings/PageRequest";

export const groupsApi = {
  listGroups: (archived: boolean, page: PageRequest) => commands.listGroups({ archived, page }),
  groupDetail: (id: GroupId) => commands.groupDetail({ id }),
  createGroup: (group: GroupInput) => commands.createGroup({ group }),
  updateGroup: (id: GroupId, group: GroupInput) => commands.updateGroup({ id, group }),
  archiveGroup: (id: GroupId, archived: boolean) => commands.archiveGroup({ id, archived }),
  recordGroupMembers: (id: GroupId, members: number) => commands.recordGroupMembers({ id, members }),
  groupTemperature: (id: GroupId) => commands.groupTemperature({ id }),
  setGroupCheck: (id: GroupId, item: CheckItem, done: boolean) => commands.setGroupCheck({ id, item, done }),
  groupStats: (days: number) => commands.groupStats({ days }),
  sizeChart: (days: number, lang: string) => commands.sizeChart({ days, lang }),
  positionChoices: () => commands.positionChoices(),
  createPosition: (name: string) => commands.createPosition({ name }),
};
