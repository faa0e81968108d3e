import type { PartnerDetail } from "../../bindings/PartnerDetail";
import { formatCount } from "../../format";
import { useI18n } from "../../i18n";

// Who she is: upline, mentor, ids, contacts (masked unless revealed), tags,
// notes, her downline and her stage with what it rests on.
export function PartnerFacts({ partner }: { partner: PartnerDetail }) {
  const { t } = useI18n();
  return (
    <dl className="facts">
      <dt>{t("team.parent")}</dt>
      <dd>{partner.parent?.name ?? t("partner.noParent")}</dd>
      <dt>{t("mentor.label")}</dt>
      <dd>{partner.mentor?.name ?? t("mentor.none")}</dd>
      <dt>{t("team.subUnionId")}</dt>
      <dd className="mono">{partner.sub_union_id ?? "—"}</dd>
      <dt>{t("team.joined")}</dt>
      <dd>{partner.unreadable.includes("joined_on") ? t("team.joinedUnreadable") : (partner.joined_on ?? "—")}</dd>
      <dt>{t("team.wechat")}</dt>
      <dd className="mono">{partner.wechat ?? "—"}</dd>
      <dt>{t("partner.phone")}</dt>
      <dd className="mono">{partner.phone ?? "—"}</dd>
      <dt>{t("groupForm.tags")}</dt>
      <dd>
        {partner.tags.length > 0
          ? partner.tags.map((tag) => (
              <span key={tag} className="tag">
                {tag}
              </span>
            ))
          : "—"}
      </dd>
      <dt>{t("groupForm.notes")}</dt>
      <dd className="notes">{partner.notes || "—"}</dd>
      <dt>{t("partner.downline")}</dt>
      <dd>
        {t("partner.downlineCounts", {
          direct: formatCount(partner.direct_downline),
          whole: formatCount(partner.whole_downline),
        })}
      </dd>
      <dt>{t("partner.stage")}</dt>
      <dd data-testid="partner-stage">
        <strong>{t(`stage.${partner.stage}`)}</strong>{" "}
        <span className="muted">
          {t("partner.stageBasis", { orders: partner.stage_orders, days: partner.stage_days })}
        </span>
      </dd>
    </dl>
  );
}
