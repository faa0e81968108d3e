import { useState } from "react";
import type { ComingSettlement } from "../../bindings/ComingSettlement";
import type { PastSettlement } from "../../bindings/PastSettlement";
import type { Platform } from "../../bindings/Platform";
import type { SettlementCalendar } from "../../bindings/SettlementCalendar";
import type { SettlementLines } from "../../bindings/SettlementLines";
import { DataTable, type Column } from "../../components/DataTable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatCount, formatFen } from "../../format";
import { useI18n } from "../../i18n";
import { LinesBehind } from "./LinesBehind";
import { PLATFORMS } from "./platforms";
import { settlementLineSource, useCalendar, usePlatformCalendars } from "./queries";
import { LinkButton } from "../../components/LinkButton";

// 到账日历: each coming pay day with what it is expected to bring and what is
// still at risk; past pay days with what landed beside what was expected. Each
// platform pays by its own rule, stated here; over every platform, each pay
// day also says what each platform is expected to pay on it.
export function SettlementCalendarView({ platform }: { platform: Platform | null }) {
  const { t } = useI18n();
  const calendar = useCalendar(platform);
  const perPlatform = usePlatformCalendars(platform === null);
  // The lines she opened, and whose: the calendar's platform, or one platform's share of a day.
  const [open, setOpen] = useState<{ which: SettlementLines; title: string; of: Platform | null } | null>(null);
  // Lines opened under another platform are not this calendar's: close them.
  const [openOf, setOpenOf] = useState(platform);
  if (openOf !== platform) {
    setOpenOf(platform);
    setOpen(null);
  }
  const byPlatform: Column<ComingSettlement>[] =
    platform === null
      ? [
          {
            id: "byPlatform",
            label: "calendar.byPlatform",
            cell: (c) => (
              <PlatformsOn
                day={c.day}
                calendars={PLATFORMS.map((p, i) => [p, perPlatform[i].data] as const)}
                onOpen={(of) =>
                  setOpen({
                    which: { kind: "expected", day: c.day },
                    title: t("calendar.platformExpectedOn", { platform: t(`platform.${of}`), day: c.day }),
                    of,
                  })
                }
              />
            ),
          },
        ]
      : [];

  return (
    <section aria-labelledby="calendar-title" className="settlement-calendar" data-testid="settlement-calendar">
      <h3 id="calendar-title">{t("calendar.title")}</h3>
      <p className="muted">{t("calendar.rule")}</p>
      <ul className="muted" data-testid="calendar-rules">
        {PLATFORMS.filter((p) => platform === null || p === platform).map((p) => (
          <li key={p}>{t(`calendar.rule.${p}`)}</li>
        ))}
      </ul>
      {calendar.isPending && <Loading />}
      {calendar.isError && <ErrorNotice error={calendar.error} onRetry={() => void calendar.refetch()} />}
      {calendar.data && (
        <DataTable
          rows={calendar.data.coming}
          rowKey={(c) => c.day}
          rowProps={() => ({ "data-testid": "calendar-coming" })}
          empty={{ message: "calendar.noneComing" }}
          columns={[
            { id: "day", label: "calendar.day", cell: (c: ComingSettlement) => c.day },
            {
              id: "expected",
              label: "calendar.expected",
              numeric: true,
              cell: (c) => (
                <LinkButton
                  disabled={c.expected_rows === 0}
                  onClick={() =>
                    setOpen({
                      which: { kind: "expected", day: c.day },
                      title: t("calendar.expectedOn", { day: c.day }),
                      of: platform,
                    })
                  }
                >
                  {formatFen(c.expected_fen)} · {t("calendar.rows", { rows: formatCount(c.expected_rows) })}
                </LinkButton>
              ),
            },
            {
              id: "atRisk",
              label: "calendar.atRisk",
              numeric: true,
              cell: (c) => (
                <LinkButton
                  disabled={c.at_risk_rows === 0}
                  onClick={() =>
                    setOpen({ which: { kind: "at_risk" }, title: t("calendar.atRiskLines"), of: platform })
                  }
                >
                  {formatFen(c.at_risk_fen)} · {t("calendar.rows", { rows: formatCount(c.at_risk_rows) })}
                </LinkButton>
              ),
            },
            ...byPlatform,
          ]}
        />
      )}
      {calendar.data && calendar.data.past.length > 0 && (
        <>
          <h4>{t("calendar.past")}</h4>
          <DataTable
            rows={calendar.data.past}
            rowKey={(p) => p.day}
            columns={[
              { id: "day", label: "calendar.day", cell: (p: PastSettlement) => p.day },
              {
                id: "landed",
                label: "calendar.landed",
                numeric: true,
                cell: (p) => (
                  <LinkButton
                    onClick={() =>
                      setOpen({
                        which: { kind: "landed", day: p.day },
                        title: t("calendar.landedOn", { day: p.day }),
                        of: platform,
                      })
                    }
                  >
                    {formatFen(p.landed_fen)}
                  </LinkButton>
                ),
              },
              {
                id: "expectedBefore",
                label: "calendar.expectedBefore",
                numeric: true,
                cell: (p) =>
                  p.expected_before_fen === null ? t("calendar.noForecast") : formatFen(p.expected_before_fen),
              },
            ]}
          />
        </>
      )}
      {open && (
        <LinesBehind
          key={JSON.stringify([open.which, open.of])}
          title={open.title}
          {...settlementLineSource(open.which, open.of)}
          onClose={() => setOpen(null)}
        />
      )}
    </section>
  );
}

// What each platform is expected to pay on `day` (and what of its own is still
// at risk there), from each platform's own calendar, each opening that
// platform's lines of the day; a platform with nothing on the day is left out.
function PlatformsOn({
  day,
  calendars,
  onOpen,
}: {
  day: string;
  calendars: (readonly [Platform, SettlementCalendar | undefined])[];
  onOpen: (platform: Platform) => void;
}) {
  const { t } = useI18n();
  const lines = calendars.flatMap(([platform, calendar]) => {
    const on = calendar?.coming.find((c) => c.day === day);
    if (!on || (on.expected_rows === 0 && on.at_risk_rows === 0)) return [];
    const atRisk = on.at_risk_rows > 0 ? t("calendar.platformAtRisk", { fen: formatFen(on.at_risk_fen) }) : null;
    return [
      <li key={platform} data-platform={platform}>
        {t(`platform.${platform}`)}{" "}
        {on.expected_rows > 0 && <LinkButton onClick={() => onOpen(platform)}>{formatFen(on.expected_fen)}</LinkButton>}
        {on.expected_rows > 0 && atRisk && " · "}
        {atRisk}
      </li>,
    ];
  });
  return <ul className="calendar-platforms">{lines}</ul>;
}
