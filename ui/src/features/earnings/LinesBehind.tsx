import { useEffect, useRef, useState } from "react";
import type { Platform } from "../../bindings/Platform";
import type { TotalLines } from "../../bindings/TotalLines";
import { PagedList } from "../../components/PagedList";
import { useI18n } from "../../i18n";
import { MoneyRowsTable } from "./MoneyRowsTable";
import { RowTimelineView } from "./RowTimelineView";
import { totalLineSource, type LineSource } from "./queries";

/** The lines behind a figure she opened: what to call them and how to read them. */
export type OpenedLines = LineSource & { title: string };

/** The lines behind one of the totals over `from`..`to` of `platform` (null: all), under `title`. */
export function totalLines(
  title: string,
  from: string,
  to: string,
  which: TotalLines,
  platform: Platform | null,
): OpenedLines {
  return { title, ...totalLineSource(from, to, which, platform) };
}

/** The lines she opened, started afresh whenever she opens other ones. */
export function OpenedLinesPanel({ opened, onClose }: { opened: OpenedLines; onClose: () => void }) {
  return <LinesBehind key={JSON.stringify(opened.queryKey)} {...opened} onClose={onClose} />;
}

// The order lines behind one figure, a page at a time; any line opens its timeline.
export function LinesBehind({ title, queryKey, load, onClose }: OpenedLines & { onClose: () => void }) {
  const { t } = useI18n();
  const [openRow, setOpenRow] = useState<number | null>(null);
  // Opened from a figure that may be far above: bring the lines into view.
  const section = useRef<HTMLElement>(null);
  useEffect(() => section.current?.scrollIntoView?.({ block: "start", behavior: "smooth" }), []);
  return (
    <section ref={section} className="lines-behind" aria-label={title} data-testid="lines-behind">
      <header className="row-between">
        <h4>{title}</h4>
        <button type="button" onClick={onClose}>
          {t("timeline.close")}
        </button>
      </header>
      <PagedList queryKey={queryKey} load={load} empty={t("report.noLines")}>
        {(items) => <MoneyRowsTable items={items} openRow={openRow} onOpen={setOpenRow} />}
      </PagedList>
      {openRow !== null && <RowTimelineView rowId={openRow} onClose={() => setOpenRow(null)} />}
    </section>
  );
}
