// 团队's reads and writes. A saved or moved partner changes the tree, every
// upline's team earnings and the care rhythm, so those are read again.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { useWrite } from "../../api/queries";
import type { PartnerDetail } from "../../bindings/PartnerDetail";
import type { PartnerInput } from "../../bindings/PartnerInput";
import type { PartnerSort } from "../../bindings/PartnerSort";
import type { PageAt } from "../../bindings/PageAt";
import { firstPartners } from "../../api/team";

const FIRST: PageAt = { kind: "first" };
/** How many partners one level of the tree reads at a time. */
const TREE_PAGE = 50;
/** How many partners a search for a new parent or mentor offers. */
const MOVE_MATCHES = 10;
/** How many partners a picker (群主, a course's partner, whom a copy is for) offers for one search. */
const PICKER_MATCHES = 10;

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
    queryFn: ({ pageParam }) => api.partnerChildren(parent, { at: pageParam, limit: TREE_PAGE }),
    initialPageParam: FIRST,
    // Each page goes on after the last child read, however many came before.
    getNextPageParam: (last): PageAt | undefined => {
      const after = last.items.at(-1);
      return last.more_after && after ? { kind: "after", id: after.id } : undefined;
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
    // A name or a role 分润 shows, and the rate a role takes.
    [keys.team.all, keys.care.all, keys.payouts.all],
    { last: onSaved },
  );
}

export function useFindPartners() {
  return useMutation({
    mutationFn: (query: string) => api.listPartners(query, "name", firstPartners(MOVE_MATCHES)),
  });
}

/** Partners matching `searched` for a picker; nothing is read before she searches. */
export function usePartnerMatches(searched: string | null) {
  return useQuery({
    queryKey: [...keys.team.list(searched ?? "", "name"), "picker"],
    queryFn: () => api.listPartners(searched ?? "", "name", firstPartners(PICKER_MATCHES)),
    enabled: searched !== null,
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
    // The open month's upline shares follow the tree: 分润 reads it again.
    [keys.team.all, keys.care.all, keys.payouts.all],
    { first: onMoved },
  );
}

/** Her partners matching `search`, in `sort` order, a page at a time by key (what `KeyedPagedList` reads). */
export function partnerPages(search: string, sort: PartnerSort) {
  return {
    queryKey: keys.team.list(search, sort),
    load: (at: PageAt, limit: number) => api.listPartners(search, sort, { at, limit }),
  };
}
