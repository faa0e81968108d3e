import type { PartnerPageRequest } from "../bindings/PartnerPageRequest";
import type { PartnerSummary } from "../bindings/PartnerSummary";

/** A big team's size: far more partners than any dropdown could offer. */
export const TEAM_SIZE = 100_000;
/** The partner she wants, last of all by id: never among the first few hundred. */
export const FAR_PARTNER = { id: TEAM_SIZE, name: "周晓雨", wechat: "zh***yu" };

function partner(id: number, name: string, wechat: string | null = null): PartnerSummary {
  return {
    id,
    name,
    role: "shopkeeper",
    sub_union_id: null,
    parent_name: null,
    joined_on: null,
    is_placeholder: false,
    downline: 0,
    wechat,
    unreadable: [],
  };
}

// The team, built once: partners 1…99,999 are 伙伴00001…, then 周晓雨.
const team: PartnerSummary[] = Array.from({ length: TEAM_SIZE - 1 }, (_, i) =>
  partner(i + 1, `伙伴${String(i + 1).padStart(5, "0")}`),
).concat(partner(FAR_PARTNER.id, FAR_PARTNER.name, FAR_PARTNER.wechat));

/** What `listPartners` answers for that team: the first `page.limit` whose name holds `search`. */
export function searchBigTeam(search: string, _sort: string, page: PartnerPageRequest) {
  const found = team.filter((p) => p.name.includes(search));
  const items = found.slice(0, page.limit);
  return Promise.resolve({
    items,
    total: found.length,
    more_before: false,
    more_after: found.length > items.length,
    restarted: false,
  });
}
