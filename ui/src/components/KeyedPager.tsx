import { useI18n, type MessageKey } from "../i18n";

export type KeyedMove = "first" | "prev" | "next" | "last";

// The pager of a list read by key: it can jump to either end or step a page
// either way, but not to page n (a keyed read only knows its neighbours).
export function KeyedPager({
  from,
  to,
  total,
  moreBefore,
  moreAfter,
  busy,
  onMove,
}: {
  /** 1-based positions of the first and last row shown. */
  from: number;
  to: number;
  total: number;
  moreBefore: boolean;
  moreAfter: boolean;
  /** A page is on its way: no second move until it lands. */
  busy: boolean;
  onMove: (move: KeyedMove) => void;
}) {
  const { t } = useI18n();
  if (!moreBefore && !moreAfter) return null;
  const range = t("keyedPager.range", { from, to, total });
  const button = (move: KeyedMove, label: MessageKey, enabled: boolean) => (
    <button type="button" disabled={busy || !enabled} onClick={() => onMove(move)}>
      {t(label)}
    </button>
  );
  return (
    <nav className="pager" aria-label={range}>
      {button("first", "keyedPager.first", moreBefore)}
      {button("prev", "pager.prev", moreBefore)}
      <span>{range}</span>
      {button("next", "pager.next", moreAfter)}
      {button("last", "keyedPager.last", moreAfter)}
    </nav>
  );
}
