// Her partners. Calls over the generated client (../bindings/commands.ts).
import { commands } from "../bindings/commands";
import type { PartnerId } from "../bindings/PartnerId";
import type { PartnerInput } from "../bindings/PartnerInput";
import type { PartnerPageRequest } from "../bindings/PartnerPageRequest";
import type { PartnerSort } from "../bindings/PartnerSort";

/** The first `limit` partners: what a picker offers. */
export const firstPartners = (limit: number): PartnerPageRequest => ({ at: { kind: "first" }, limit });

export const teamApi = {
  listPartners: (search: string, sort: PartnerSort, page: PartnerPageRequest) =>
    commands.listPartners({ search, sort, page }),
  partnerChildren: (parent: PartnerId | null, page: PartnerPageRequest) => commands.partnerChildren({ parent, page }),
  partnerDetail: (id: PartnerId, days: number, reveal: boolean) => commands.partnerDetail({ id, days, reveal }),
  createPartner: (partner: PartnerInput, parent: PartnerId | null) => commands.createPartner({ partner, parent }),
  updatePartner: (id: PartnerId, partner: PartnerInput) => commands.updatePartner({ id, partner }),
  movePartner: (id: PartnerId, newParent: PartnerId | null, withSubtree: boolean) =>
    commands.movePartner({ id, newParent, withSubtree }),
  setMentor: (partnerId: PartnerId, mentorId: PartnerId | null) => commands.setMentor({ partnerId, mentorId }),
};
