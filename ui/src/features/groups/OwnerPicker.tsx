import { useState } from "react";
import { api } from "../../api";
import type { PartnerSummary } from "../../bindings/PartnerSummary";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";

export type Owner = { id: number; name: string } | null;

// Who runs the group: herself (no partner), or a partner found by search.
export function OwnerPicker({ owner, onOwner }: { owner: Owner; onOwner: (owner: Owner) => void }) {
  const { t } = useI18n();
  const [query, setQuery] = useState("");
  const [matches, setMatches] = useState<PartnerSummary[]>([]);
  const [error, setError] = useState<unknown>(null);

  const find = async () => {
    setError(null);
    try {
      setMatches((await api.listPartners(query, "name", { offset: 0, limit: 10 })).items);
    } catch (e) {
      setError(e);
    }
  };

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
      <div className="inline">
        <input
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t("team.searchHint")}
          aria-label={t("owner.search")}
        />
        <button type="button" onClick={() => void find()}>
          {t("move.find")}
        </button>
      </div>
      {matches.length > 0 && (
        <ul className="choices">
          {matches.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                onClick={() => {
                  onOwner({ id: m.id, name: m.name });
                  setMatches([]);
                }}
              >
                {m.name}
                {m.wechat ? `（${m.wechat}）` : ""}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error !== null && <ErrorNotice error={error} />}
    </div>
  );
}
