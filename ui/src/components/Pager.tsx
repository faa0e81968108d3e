import { useI18n } from "../i18n";

export const PAGE_SIZE = 50;

export function Pager({
  offset,
  total,
  onOffset,
  size = PAGE_SIZE,
  testId,
}: {
  offset: number;
  total: number;
  onOffset: (offset: number) => void;
  /** Rows a page holds. */
  size?: number;
  testId?: string;
}) {
  const { t } = useI18n();
  if (total <= size) return null;
  const to = Math.min(offset + size, total);
  return (
    <nav className="pager" aria-label={t("pager.range", { from: offset + 1, to, total })} data-testid={testId}>
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - size))}>
        {t("pager.prev")}
      </button>
      <span>{t("pager.range", { from: offset + 1, to, total })}</span>
      <button type="button" disabled={to >= total} onClick={() => onOffset(offset + size)}>
        {t("pager.next")}
      </button>
    </nav>
  );
}
