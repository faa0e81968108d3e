import { useState } from "react";
import type { Platform } from "../../bindings/Platform";
import type { PlatformCode } from "../../bindings/PlatformCode";
import type { RiskLine } from "../../bindings/RiskLine";
import { DataTable, type Column } from "../../components/DataTable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatCount, formatFen } from "../../format";
import { useI18n, type MessageKey } from "../../i18n";
import { CareForm } from "../care/CareForm";
import { useRiskRadar } from "./queries";
import { PLATFORMS } from "./platforms";
import type { Range } from "./ranges";

// 风险雷达: lines a platform marked as risk (25–28 in the one life) over the
// range, of the platform she filters on, by partner and by group, each with
// the platforms' own codes behind it (多多进宝's punished 10, JD's validCode,
// 淘宝联盟's punishment of a frozen row);
// from a partner she can record a penalty citing one of her rules.
export function RiskRadarPanel({ range, platform }: { range: Range; platform: Platform | null }) {
  const { t, tm } = useI18n();
  const radar = useRiskRadar(range, platform);
  const [penalty, setPenalty] = useState<RiskLine | null>(null);

  return (
    <section aria-labelledby="risk-title" className="risk-radar" data-testid="risk-radar">
      <h3 id="risk-title">{t("risk.title")}</h3>
      <p className="muted">{t("risk.note")}</p>
      {radar.isPending && <Loading />}
      {radar.isError && <ErrorNotice error={radar.error} onRetry={() => void radar.refetch()} />}
      {radar.data && radar.data.rows === 0 && <p className="empty">{t("risk.none")}</p>}
      {radar.data && radar.data.rows > 0 && (
        <>
          <ul className="risk-codes">
            {radar.data.codes.map((c) => (
              <li key={c.code}>
                {tm(c.label)}: {formatCount(c.rows)}
              </li>
            ))}
          </ul>
          <p className="muted" data-testid="risk-platform-codes">
            {t("risk.platformCodes")}
            {/* Every risk row is in one group line (no group included): their codes add up to the radar's. */}
            <PlatformCodes codes={sumCodes(radar.data.groups.flatMap((line) => line.platform_codes))} />
          </p>
          <h4>{t("risk.byPartner")}</h4>
          <RiskTable lines={radar.data.partners.slice(0, 20)} withShare onPenalty={setPenalty} />
          <h4>{t("risk.byGroup")}</h4>
          <RiskTable lines={radar.data.groups.slice(0, 20)} />
        </>
      )}
      {penalty && (
        <div className="lines-behind" data-testid="risk-penalty">
          <p>{t("risk.penaltyFor", { name: penalty.name })}</p>
          <CareForm
            key={penalty.id}
            partnerId={penalty.id}
            kind="penalty"
            note={t("risk.penaltyNote", { rows: penalty.rows, from: range.from, to: range.to })}
            onSaved={() => setPenalty(null)}
          />
        </div>
      )}
    </section>
  );
}

function RiskTable({
  lines,
  withShare,
  onPenalty,
}: {
  lines: RiskLine[];
  withShare?: boolean;
  onPenalty?: (line: RiskLine) => void;
}) {
  const { t } = useI18n();
  const columns: Column<RiskLine>[] = [
    { id: "who", label: "risk.who", cell: (line) => (line.id === 0 ? t("risk.nobody") : line.name) },
    { id: "rows", label: "risk.rows", numeric: true, cell: (line) => formatCount(line.rows) },
    { id: "codes", label: "risk.codes", cell: (line) => <PlatformCodes codes={line.platform_codes} /> },
    { id: "lost", label: "risk.lost", numeric: true, cell: (line) => formatFen(line.lost_fen) },
  ];
  if (withShare) {
    columns.push({
      id: "share",
      label: "risk.share",
      numeric: true,
      cell: (line) => (line.share_pct === null ? "" : `${line.share_pct.toFixed(1)}%`),
    });
  }
  if (onPenalty) {
    columns.push({
      id: "penalty",
      label: "risk.penalty",
      hideLabel: true,
      cell: (line) =>
        line.id !== 0 && (
          <button type="button" onClick={() => onPenalty(line)}>
            {t("risk.penalty")}
          </button>
        ),
    });
  }
  return <DataTable columns={columns} rows={lines} rowKey={(line) => line.id} />;
}

// The platforms' own codes, each as she would find it in that platform's back
// office: "多多进宝 10：3 行 · 京东联盟 26：9 行 · 淘宝联盟「处罚：店铺淘客」：1 行".
function PlatformCodes({ codes }: { codes: PlatformCode[] }) {
  const { t } = useI18n();
  return (
    <span className="platform-codes">
      {codes
        .map((c) => {
          const platform = t(`platform.${c.platform}`);
          const rows = formatCount(c.rows);
          const punishment = punishmentWords(t, c.code);
          return punishment === null
            ? t("risk.platformCode", { platform, code: c.code, rows })
            : t("risk.punishedCode", { platform, punishment, rows });
        })
        .join(" · ")}
    </span>
  );
}

/** The engine's code for a row frozen by a punishment (`risk::PUNISHED`): alone, or with `:` and the violation type. */
const PUNISHED = "punish";

/** 淘宝联盟's `violation_type`s, as its back office names them. */
const VIOLATIONS: Partial<Record<string, MessageKey>> = { "1": "risk.violation.store", "2": "risk.violation.fake" };

/** A punishment in words ("处罚：店铺淘客"), a type this version does not know by its number; null for any other code. */
function punishmentWords(t: ReturnType<typeof useI18n>["t"], code: string): string | null {
  if (code === PUNISHED) return t("risk.punished");
  if (!code.startsWith(`${PUNISHED}:`)) return null;
  const violation = code.slice(PUNISHED.length + 1);
  const named = VIOLATIONS[violation];
  return t("risk.punishedFor", { violation: named ? t(named) : violation });
}

/** The same platform and code counted once, in the order the engine sorts them (platform, then code). */
function sumCodes(codes: PlatformCode[]): PlatformCode[] {
  const summed = new Map<string, PlatformCode>();
  for (const c of codes) {
    const key = `${c.platform}\u0000${c.code}`;
    const found = summed.get(key);
    summed.set(key, found ? { ...found, rows: found.rows + c.rows } : { ...c });
  }
  return [...summed.values()].sort(
    (a, b) => PLATFORMS.indexOf(a.platform) - PLATFORMS.indexOf(b.platform) || a.code.localeCompare(b.code),
  );
}
