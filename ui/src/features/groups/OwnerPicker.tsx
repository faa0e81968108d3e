import { useState } from "react";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useOwnerMatches } from "./queries";

export type Owner = { id: number; name: string } | null;

// Who runs the group: herself (no partner), or a partner found by search.
export function OwnerPicker({ owner, onOwner }: { owner: Owner; onOwner: (owner: Owner) => void }) {
  const { t } = useI18n();
  const [query, setQuery] = useState("");
  // The search runs when she asks (找), not on every key she types.
  const [searched, setSearched] = useState<string | null>(null);
  const found = useOwnerMatches(searched);
  const matches = searched === null ? [] : (found.data?.items ?? []);
  const error = found.error;
  const find = () => setSearched(query);

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
                  setSearched(null);
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
