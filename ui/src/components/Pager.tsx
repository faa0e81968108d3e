import { useI18n } from "../i18n";

export const PAGE_SIZE = 50;

export function Pager({
  offset,
  total,
  onOffset,
}: {
  offset: number;
  total: number;
  onOffset: (offset: number) => void;
}) {
  const { t } = useI18n();
  if (total <= PAGE_SIZE) return null;
  const to = Math.min(offset + PAGE_SIZE, total);
  return (
    <nav className="pager" aria-label={t("pager.range", { from: offset + 1, to, total })}>
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - PAGE_SIZE))}>
        {t("pager.prev")}
      </button>
      <span>{t("pager.range", { from: offset + 1, to, total })}</span>
      <button type="button" disabled={to >= total} onClick={() => onOffset(offset + PAGE_SIZE)}>
        {t("pager.next")}
      </button>
    </nav>
  );
}
