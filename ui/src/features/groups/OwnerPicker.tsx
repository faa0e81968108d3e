import { useI18n } from "../../i18n";
import { PartnerSearchPicker } from "../team/PartnerSearchPicker";

export type Owner = { id: number; name: string } | null;

// Who runs the group: herself (no partner), or a partner found by search.
export function OwnerPicker({ owner, onOwner }: { owner: Owner; onOwner: (owner: Owner) => void }) {
  const { t } = useI18n();

  return (
    <div className="wide owner-picker">
      <span>
        {t("owner.label")}：<strong data-testid="owner-name">{owner ? owner.name : t("owner.herself")}</strong>{" "}
        {owner && (
          <button type="button" onClick={() => onOwner(null)}>
            {t("owner.clear")}
          </button>
        )}
      </span>
      <PartnerSearchPicker label={t("owner.search")} onPick={(m) => onOwner({ id: m.id, name: m.name })} />
    </div>
  );
}
