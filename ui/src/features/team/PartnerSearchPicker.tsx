import { useState, type KeyboardEvent } from "react";
import type { PartnerSummary } from "../../bindings/PartnerSummary";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import { usePartnerMatches } from "./queries";

// One partner out of however many she has: a team of 100,000 never fits a
// dropdown, so she types part of a name (or a whole WeChat id, phone or
// sub-union id), presses 找 or Enter, and picks from a few matches.
export function PartnerSearchPicker({
  label,
  onPick,
  skipPlaceholders = false,
  autoFocus = false,
}: {
  /** What the search field is for, read out by a screen reader. */
  label: string;
  onPick: (partner: PartnerSummary) => void;
  /** Leaves out the partners only known by their sub-union id (what a course cannot take). */
  skipPlaceholders?: boolean;
  autoFocus?: boolean;
}) {
  const { t } = useI18n();
  const [query, setQuery] = useState("");
  // The search runs when she asks, not on every key she types.
  const [searched, setSearched] = useState<string | null>(null);
  const found = usePartnerMatches(searched);
  const matches =
    searched === null ? [] : (found.data?.items ?? []).filter((p) => !(skipPlaceholders && p.is_placeholder));
  const find = () => setSearched(query.trim());
  // Enter finds instead of sending the form around the picker; an Enter
  // that only ends a Chinese input method's composition finds nothing yet.
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "Enter" || event.nativeEvent.isComposing) return;
    event.preventDefault();
    find();
  };

  return (
    <div className="partner-search">
      <div className="inline">
        <input
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder={t("team.searchHint")}
          aria-label={label}
          autoFocus={autoFocus}
        />
        <button type="button" onClick={find}>
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
                  onPick(m);
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
      {searched !== null && found.isSuccess && matches.length === 0 && (
        <p className="muted" role="status">
          {t("partnerSearch.none", { query: searched })}
        </p>
      )}
      {found.error !== null && <ErrorNotice error={found.error} />}
    </div>
  );
}
