// The library's reads and writes; each write refreshes the library.
import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { useInvalidate, useWrite } from "../../api/queries";
import type { LinkTarget } from "../../bindings/LinkTarget";
import type { Material } from "../../bindings/Material";
import type { MaterialDraft } from "../../bindings/MaterialDraft";
import type { PackResolution } from "../../bindings/PackResolution";
import type { PageRequest } from "../../bindings/PageRequest";
import type { Shelf } from "./FolderTree";

export function useFolders() {
  return useQuery({ queryKey: keys.materials.folders(), queryFn: api.materialFolders });
}

export function useTags() {
  return useQuery({ queryKey: keys.materials.tags(), queryFn: api.materialTags });
}

export function useSearch(query: string) {
  return useQuery({ queryKey: keys.materials.search(query), queryFn: () => api.searchMaterials(query) });
}

export function useVersions(id: number) {
  return useQuery({ queryKey: keys.materials.versions(id), queryFn: () => api.materialVersions(id) });
}

// A picture never changes under its hash.
export function usePicture(hash: string, original: boolean) {
  return useQuery({
    queryKey: ["picture", hash, original],
    queryFn: () => api.picture(hash, original),
    staleTime: Infinity,
  });
}

export function useCreateFolder(onCreated: (id: number) => void) {
  return useWrite(
    ({ name, parent }: { name: string; parent: number | null }) => api.createFolder(name, parent),
    [keys.materials.all],
    { last: onCreated },
  );
}

export function useSaveMaterial(material: Material | null, onSaved: (saved: Material) => void) {
  return useWrite(
    (input: MaterialDraft) =>
      material ? api.updateMaterial(material.id, material.revision, input) : api.createMaterial(input),
    [keys.materials.all],
    { last: onSaved },
  );
}

export function useSetArchived(onChanged: (changed: Material) => void) {
  return useWrite(
    ({ id, archived }: { id: number; archived: boolean }) => api.setMaterialArchived(id, archived),
    [keys.materials.all],
    { last: onChanged },
  );
}

export function useDuplicate() {
  return useWrite((id: number) => api.duplicateMaterial(id), [keys.materials.all]);
}

export function useRecordUse() {
  const invalidate = useInvalidate();
  return async (id: number) => {
    await api.recordMaterialUse(id);
    await invalidate(keys.materials.all);
  };
}

export function useBringBack(material: Material, onDone: () => void) {
  return useWrite(
    (revision: number) => api.bringBackVersion(material.id, revision, material.revision),
    [keys.materials.all],
    { last: onDone },
  );
}

export function useSavePictures(id: number) {
  return useMutation({ mutationFn: () => api.saveMaterialPictures(id) });
}

export function useExportPoster(id: number) {
  return useMutation({ mutationFn: (to: LinkTarget) => api.exportPoster(id, to) });
}

/** Any copy to the clipboard whose failure the panel shows. */
export function useClipboardCopy<V>(write: (value: V) => Promise<void>) {
  return useMutation({ mutationFn: write });
}

export function useExportPack() {
  return useMutation({
    mutationFn: ({ folderId, tag, notes }: { folderId: number | null; tag: string | null; notes: boolean }) =>
      api.exportPack(folderId, tag, notes),
  });
}

export function usePackPreview() {
  return useMutation({ mutationFn: (file: File) => api.packPreview(file) });
}

export function usePackImport(onDone: () => void) {
  return useWrite(
    ({
      file,
      otherwise,
      choices,
    }: {
      file: File;
      otherwise: PackResolution;
      choices: Record<string, PackResolution>;
    }) => api.packImport(file, otherwise, choices),
    [keys.materials.all],
    { first: onDone },
  );
}

// The groups a copy can be for, at most `limit` of them (a partner is found
// by search instead: her team can be far bigger than any list).
export function useCopyGroups(limit: number) {
  const page = { offset: 0, limit };
  return useQuery({ queryKey: [...keys.groups.all, "copy-for"], queryFn: () => api.listGroups(false, page) });
}

/** The shelf's materials, a page at a time (what `PagedList` reads). */
export function shelfPages(shelf: Shelf) {
  return {
    queryKey: keys.materials.list(shelf),
    load: (page: PageRequest) =>
      api.listMaterials({ folder_id: shelf.folderId, tag: shelf.tag, kind: null, archived: shelf.archived }, page),
  };
}
