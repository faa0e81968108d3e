// 团队's reads and writes. A saved or moved partner changes the tree, every
// upline's team earnings and the care rhythm, so those are read again.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { useWrite } from "../../api/queries";
import type { PartnerDetail } from "../../bindings/PartnerDetail";
import type { PartnerInput } from "../../bindings/PartnerInput";
import type { PartnerSort } from "../../bindings/PartnerSort";
import type { PageRequest } from "../../bindings/PageRequest";

/** How many partners one level of the tree reads at a time. */
const TREE_PAGE = 50;
/** How many partners a search for a new parent or mentor offers. */
const MOVE_MATCHES = 10;

export function usePartnerDetail(id: number, days: number, reveal: boolean) {
  return useQuery({
    queryKey: keys.team.detail(id, days, reveal),
    queryFn: () => api.partnerDetail(id, days, reveal),
    placeholderData: keepPreviousData,
  });
}

// The form edits her full contacts, so it reads them revealed.
export function usePartnerContacts(id: number) {
  return useQuery({ queryKey: keys.team.detail(id, 7, true), queryFn: () => api.partnerDetail(id, 7, true) });
}

export function useChildren(parent: number | null) {
  return useInfiniteQuery({
    queryKey: keys.team.children(parent),
    queryFn: ({ pageParam }) => api.partnerChildren(parent, { offset: pageParam, limit: TREE_PAGE }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const read = pages.reduce((n, page) => n + page.items.length, 0);
      return read < last.total ? read : undefined;
    },
  });
}

export function useSavePartner(partner: PartnerDetail | null, parentId: number | null, onSaved: (id: number) => void) {
  return useWrite(
    async (input: PartnerInput) => {
      if (!partner) return api.createPartner(input, parentId);
      await api.updatePartner(partner.id, input);
      return partner.id;
    },
    [keys.team.all, keys.care.all],
    { last: onSaved },
  );
}

export function useFindPartners() {
  return useMutation({
    mutationFn: (query: string) => api.listPartners(query, "name", { offset: 0, limit: MOVE_MATCHES }),
  });
}

// A mentor puts her on the care rhythm.
export function useSetMentor(id: number, onSet: () => void) {
  return useWrite((mentorId: number) => api.setMentor(id, mentorId), [keys.team.all, keys.care.all], { first: onSet });
}

export function useMovePartner(id: number, onMoved: () => void) {
  return useWrite(
    ({ parent, withSubtree }: { parent: number | null; withSubtree: boolean }) =>
      api.movePartner(id, parent, withSubtree),
    [keys.team.all, keys.care.all],
    { first: onMoved },
  );
}

/** Her partners matching `search`, in `sort` order, a page at a time (what `PagedList` reads). */
export function partnerPages(search: string, sort: PartnerSort) {
  return {
    queryKey: keys.team.list(search, sort),
    load: (page: PageRequest) => api.listPartners(search, sort, page),
  };
}
