// The training library. Calls over the generated client (../bindings/commands.ts).
import { commands } from "../bindings/commands";
import type { FolderId } from "../bindings/FolderId";
import type { LinkTarget } from "../bindings/LinkTarget";
import type { MaterialDraft } from "../bindings/MaterialDraft";
import type { MaterialFilter } from "../bindings/MaterialFilter";
import type { MaterialId } from "../bindings/MaterialId";
import type { PageRequest } from "../bindings/PageRequest";
import type { Values } from "../bindings/Values";

export const materialsApi = {
  listMaterials: (filter: MaterialFilter, page: PageRequest) => commands.listMaterials({ filter, page }),
  searchMaterials: (query: string) => commands.searchMaterials({ query }),
  createMaterial: (draft: MaterialDraft) => commands.createMaterial({ draft }),
  updateMaterial: (id: MaterialId, base: number, draft: MaterialDraft) => commands.updateMaterial({ id, base, draft }),
  duplicateMaterial: (id: MaterialId) => commands.duplicateMaterial({ id }),
  setMaterialArchived: (id: MaterialId, archived: boolean) => commands.setMaterialArchived({ id, archived }),
  recordMaterialUse: (id: MaterialId) => commands.recordMaterialUse({ id }),
  getMaterial: (id: MaterialId) => commands.getMaterial({ id }),
  fillMaterial: (id: MaterialId, target: LinkTarget | null, values: Values) =>
    commands.fillMaterial({ id, target, values }),
  saveMaterialPictures: (id: MaterialId) => commands.saveMaterialPictures({ id }),
  exportPoster: (id: MaterialId, target: LinkTarget) => commands.exportPoster({ id, target }),
  materialVersions: (id: MaterialId) => commands.materialVersions({ id }),
  bringBackVersion: (id: MaterialId, revision: number, base: number) =>
    commands.bringBackVersion({ id, revision, base }),
  materialFolders: () => commands.materialFolders(),
  createFolder: (name: string, parent: FolderId | null) => commands.createFolder({ name, parent }),
  renameFolder: (id: FolderId, name: string) => commands.renameFolder({ id, name }),
  moveFolder: (id: FolderId, parent: FolderId | null) => commands.moveFolder({ id, parent }),
  materialTags: () => commands.materialTags(),
};
