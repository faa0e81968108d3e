import { fireEvent, render, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { Providers } from "../Providers";
import type { Report } from "../bindings/Report";
import type { ReportRow } from "../bindings/ReportRow";
import type { RiskRadar } from "../bindings/RiskRadar";
import type { SettlementCalendar } from "../bindings/SettlementCalendar";
import { mockApi } from "./mockApi";

const api = mockApi();
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), api }));
const { EarningsPage } = await import("../features/earnings/EarningsPage");

const CHINESE = /[\u4e00-\u9fff]/;

const drill = (key: number) => ({ by: "status" as const, key, from: "2026-10-01", to: "2026-10-31" });
const line = (label: ReportRow["label"], key: number | null, estimate: number): ReportRow => ({
  label,
  estimate_fen: estimate,
  settled_fen: 0,
  orders: 3,
  team_estimate_fen: null,
  drill: key === null ? null : drill(key),
  kind: "line",
});
const worded = (key: string, params: Record<string, string> = {}): ReportRow["label"] => ({
  kind: "worded",
  value: { key, params },
});

// Every kind of line the engine words, as it sends them: catalog keys, and
// her own names (ASCII here, so any Chinese left on the page is the window's).
const report: Report = {
  from: "2026-10-01",
  to: "2026-10-31",
  by: "status",
  total: line(worded("report.total"), null, 900000),
  losses: { rows: 52, valid_rows: 48, refunded_fen: 4321, invalidated_fen: 880 },
  rows: [
    line(worded("orderStatus.settled"), 18, 500000),
    line(worded("orderStatus.pending"), 15, 100000),
    line(worded("validCode.25"), 25, 9000),
    line(worded("orderStatus.invalidCode", { code: "99" }), 99, 800),
    line(worded("category.1320"), 1320, 7000),
    line(worded("category.unknown", { id: "424242" }), 424242, 600),
    line(worded("weekday.3"), 2, 500),
    line(worded("report.noGroup"), 0, 400),
    line(worded("report.otherPartners"), null, 300),
    line({ kind: "named", value: "Baby goods 1" }, 7, 200),
    line({ kind: "named", value: "2026-W44" }, 0, 100),
    line(worded("report.own"), 0, 250),
    line(worded("report.refundedLine"), -2, 4321),
    line(worded("report.validSubtotal"), null, 500000),
    line(worded("report.lostSubtotal"), null, 5000),
    line(worded("report.uncountedSubtotal"), null, 100000),
  ],
  comparison: "month_before",
  previous_from: "2026-09-01",
  previous_to: "2026-09-30",
  previous: line(worded("report.total"), null, 700000),
  estimate_change_pct: 28.6,
};

const radar: RiskRadar = {
  from: "2026-10-01",
  to: "2026-10-31",
  rows: 9,
  codes: [25, 26, 27, 28].map((code) => ({ code, label: { key: `validCode.${code}`, params: {} }, rows: 2 })),
  partners: [
    {
      id: 42,
      name: "Lin Li",
      rows: 9,
      lost_fen: 1234,
      by_code: [2, 2, 2, 3],
      share_pct: 30,
      platform_codes: [
        { platform: "taobao", code: "punish", rows: 1 },
        { platform: "taobao", code: "punish:1", rows: 1 },
        { platform: "taobao", code: "punish:2", rows: 1 },
      ],
    },
  ],
  groups: [{ id: 0, name: "", rows: 9, lost_fen: 1234, by_code: [2, 2, 2, 3], share_pct: null, platform_codes: [] }],
};

const calendar: SettlementCalendar = {
  today: "2026-11-02",
  coming: [{ day: "2026-11-20", expected_fen: 987600, expected_rows: 1200, at_risk_fen: 55500, at_risk_rows: 80 }],
  past: [{ day: "2026-10-20", landed_fen: 700000, rows: 900, expected_before_fen: null }],
};

// Text she reads and the names assistive technology reads out.
function chineseOnPage(): string[] {
  const found = [document.body.textContent ?? ""];
  for (const element of document.body.querySelectorAll("*")) {
    for (const name of ["aria-label", "title", "alt", "placeholder"]) {
      found.push(element.getAttribute(name) ?? "");
    }
  }
  return found.filter((text) => CHINESE.test(text));
}

describe("收益 in English", () => {
  beforeEach(() => {
    localStorage.setItem("tuanzhang.lang", "en");
    api.earningsReport.mockReset().mockResolvedValue(report);
    api.settlementCalendar.mockReset().mockResolvedValue(calendar);
    api.riskRadar.mockReset().mockResolvedValue(radar);
    api.monthMoney.mockResolvedValue({
      month: "2026-11",
      settled: { fen: 0, rows: 0 },
      refunded: { fen: 0, rows: 0 },
      invalidated: { fen: 0, rows: 0 },
    });
    api.monthMoneyRows.mockResolvedValue({ items: [], total: 0, offset: 0 });
  });

  it("words every report line, status and risk code in English", async () => {
    render(
      <Providers>
        <EarningsPage />
      </Providers>,
    );
    const table = await screen.findByTestId("report-table");
    expect(within(table).getByRole("button", { name: "Invalid: traffic hijack" })).toBeTruthy();
    expect(within(table).getByText("Other partners")).toBeTruthy();
    expect(within(table).getByRole("button", { name: "Baby goods 1" })).toBeTruthy();
    const panel = screen.getByTestId("risk-radar");
    expect(await within(panel).findByText("Invalid: abnormal traffic: 2")).toBeTruthy();
    expect(within(panel).getByText(/^Taobao Union “punished”/).textContent).toBe(
      "Taobao Union “punished”: 1 rows · Taobao Union “punished: store acting as affiliate”: 1 rows · " +
        "Taobao Union “punished: false transaction”: 1 rows",
    );
    await screen.findAllByTestId("calendar-coming");
    expect(chineseOnPage()).toEqual([]);

    // Sorted by label, the lines sort by the words she reads.
    fireEvent.click(within(within(table).getAllByRole("columnheader")[0]).getByRole("button"));
    const first = within(table).getAllByRole("row")[1];
    expect(first.textContent).toMatch(/^\(no group\)/);
    expect(chineseOnPage()).toEqual([]);
  });
});
