import { render, screen, fireEvent, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { Providers } from "../Providers";
import type { Report } from "../bindings/Report";
import type { ReportRow } from "../bindings/ReportRow";
import type { Platform } from "../bindings/Platform";
import type { SettlementCalendar } from "../bindings/SettlementCalendar";
import { rangeOf } from "../features/earnings/ranges";
import { compareLines } from "../features/earnings/sortLines";
import { PAGE_SIZE } from "../components/Pager";
import { firstSyncStatus, idleStatus, mockApi } from "./mockApi";

const api = mockApi();
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), api }));
const { EarningsPage } = await import("../features/earnings/EarningsPage");
const { RiskFlagsNotice } = await import("../features/overview/RiskFlagsNotice");

const line = (name: string, key: number, estimate: number, orders: number) => ({
  label: { kind: "named" as const, value: name },
  estimate_fen: estimate,
  settled_fen: 0,
  orders,
  team_estimate_fen: null,
  drill: { by: "group" as const, key, from: "2026-10-01", to: "2026-10-31" },
  kind: "line" as const,
});

const total = { kind: "worded" as const, value: { key: "report.total", params: {} } };

const groupReport: Report = {
  from: "2026-10-01",
  to: "2026-10-31",
  by: "group",
  total: {
    label: total,
    estimate_fen: 300000,
    settled_fen: 120000,
    orders: 410,
    team_estimate_fen: null,
    drill: null,
    kind: "line",
  },
  losses: { rows: 520, valid_rows: 480, refunded_fen: 4321, invalidated_fen: 880 },
  rows: [line("宝妈好物1群", 1, 200000, 300), line("<img src=x onerror=alert(1)>", 2, 100000, 110)],
  comparison: "month_before",
  previous_from: "2026-09-01",
  previous_to: "2026-09-30",
  previous: {
    label: total,
    estimate_fen: 250000,
    settled_fen: 0,
    orders: 0,
    team_estimate_fen: null,
    drill: null,
    kind: "line",
  },
  estimate_change_pct: 20,
};

const emptyReport: Report = {
  ...groupReport,
  total: { ...groupReport.total, estimate_fen: 0, settled_fen: 0, orders: 0 },
  losses: { rows: 0, valid_rows: 0, refunded_fen: 0, invalidated_fen: 0 },
  rows: [],
};

const calendar: SettlementCalendar = {
  today: "2026-11-02",
  coming: [
    { day: "2026-11-20", expected_fen: 987600, expected_rows: 1200, at_risk_fen: 0, at_risk_rows: 0 },
    { day: "2026-12-20", expected_fen: 0, expected_rows: 0, at_risk_fen: 55500, at_risk_rows: 80 },
  ],
  past: [{ day: "2026-10-20", landed_fen: 700000, rows: 900, expected_before_fen: null }],
};

const radar = {
  from: "2026-10-01",
  to: "2026-10-31",
  rows: 9,
  codes: [
    { code: 25, label: { key: "validCode.25", params: {} }, rows: 0 },
    { code: 26, label: { key: "validCode.26", params: {} }, rows: 9 },
    { code: 27, label: { key: "validCode.27", params: {} }, rows: 0 },
    { code: 28, label: { key: "validCode.28", params: {} }, rows: 0 },
  ],
  partners: [
    {
      id: 42,
      name: "林丽",
      rows: 9,
      lost_fen: 1234,
      by_code: [0, 9, 0, 0],
      share_pct: 30,
      platform_codes: [{ platform: "jd" as const, code: "26", rows: 9 }],
    },
  ],
  groups: [
    {
      id: 3,
      name: "宝妈好物1群",
      rows: 9,
      lost_fen: 1234,
      by_code: [0, 9, 0, 0],
      share_pct: null,
      platform_codes: [{ platform: "jd" as const, code: "26", rows: 9 }],
    },
  ],
};

// Each platform's own calendar: JD's holds the coming pay days of all; the others nothing yet.
const nothingComing: SettlementCalendar = { today: "2026-11-02", coming: [], past: [] };
const calendarOf = (platform: Platform | null) => (platform === null || platform === "jd" ? calendar : nothingComing);

function renderIt() {
  return render(
    <Providers>
      <EarningsPage />
    </Providers>,
  );
}

describe("收益 reports", () => {
  beforeEach(() => {
    api.earningsReport.mockReset().mockResolvedValue(groupReport);
    api.settlementCalendar
      .mockReset()
      .mockImplementation((platform: Platform | null) => Promise.resolve(calendarOf(platform)));
    api.monthMoney.mockResolvedValue({
      month: "2026-11",
      settled: { fen: 0, rows: 0 },
      refunded: { fen: 0, rows: 0 },
      invalidated: { fen: 0, rows: 0 },
    });
    api.monthMoneyRows.mockResolvedValue({ items: [], total: 0, offset: 0 });
    api.riskRadar.mockReset().mockResolvedValue(radar);
    api.careRules.mockResolvedValue([{ id: 7, kind: "penalty", title: "刷单清退", active: true }]);
    api.exportChart.mockReset().mockResolvedValue("/home/她/Downloads/按群收益-2026-10-01-2026-10-31.png");
    api.exportShareCard.mockReset().mockResolvedValue("/home/她/Downloads/晒收入.png");
    api.syncStatus.mockResolvedValue(idleStatus);
  });

  it("leads with the range's trend chart, the report's table under it", async () => {
    renderIt();
    const chart = await screen.findByTestId("earnings-chart");
    expect(chart.dataset.kind).toBe("trend");
    const table = await screen.findByTestId("report-table");
    expect(chart.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(
      chart.compareDocumentPosition(screen.getByTestId("report-totals")) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it("shows the first sync's progress over an empty range while it runs, and the advice once none is running", async () => {
    api.earningsReport.mockResolvedValue(emptyReport);
    api.syncStatus.mockResolvedValue(firstSyncStatus);
    const { unmount } = renderIt();
    const underWay = await screen.findByTestId("sync-under-way");
    expect(underWay.textContent).toContain("正在第一次同步…");
    expect(underWay.textContent).toContain("时间段 540/2160");
    expect(screen.queryByText(/这段时间没有订单/)).toBeNull();
    unmount();
    api.syncStatus.mockResolvedValue(idleStatus);
    renderIt();
    expect(await screen.findByText(/这段时间没有订单/)).toBeTruthy();
    expect(screen.queryByTestId("sync-under-way")).toBeNull();
  });

  it("computes every preset in Beijing days", () => {
    // 2026-12-01 00:30 in Beijing is still 30 November in UTC.
    const now = new Date("2026-11-30T16:30:00Z");
    expect(rangeOf("today", now)).toEqual({ from: "2026-12-01", to: "2026-12-01" });
    expect(rangeOf("yesterday", now)).toEqual({ from: "2026-11-30", to: "2026-11-30" });
    expect(rangeOf("d7", now)).toEqual({ from: "2026-11-25", to: "2026-12-01" });
    expect(rangeOf("lastMonth", now)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(rangeOf("thisMonth", now)).toEqual({ from: "2026-12-01", to: "2026-12-01" });
    expect(rangeOf("thisYear", now)).toEqual({ from: "2026-01-01", to: "2026-12-01" });
    expect(rangeOf("lastMonth", new Date("2026-03-10T00:00:00Z"))).toEqual({ from: "2026-02-01", to: "2026-02-28" });
  });

  it("asks for last month by group, shows totals and names as text, and sorts", async () => {
    renderIt();
    fireEvent.change(screen.getByTestId("range-preset"), { target: { value: "lastMonth" } });
    fireEvent.change(screen.getByTestId("report-by"), { target: { value: "group" } });
    const expected = rangeOf("lastMonth", new Date());
    expect(api.earningsReport).toHaveBeenLastCalledWith(expected.from, expected.to, "group", null);
    const totals = await screen.findByTestId("report-totals");
    expect(within(totals).getByText("¥3,000.00")).toBeTruthy();
    expect(within(totals).getByText("¥43.21")).toBeTruthy();
    expect(within(totals).getByText("¥2,500.00 · +¥500.00 (+20.0%)")).toBeTruthy();
    // A whole month meets the whole month before, and says so.
    expect(within(totals).getByText("比前一个月：2026-09-01 至 2026-09-30")).toBeTruthy();
    const table = screen.getByTestId("report-table");
    expect(within(table).getByText("<img src=x onerror=alert(1)>")).toBeTruthy();
    expect(table.querySelector("img")).toBeNull();
    const named = (row: ReportRow) => (row.label.kind === "named" ? row.label.value : row.label.value.key);
    const rows = [...groupReport.rows].sort(compareLines("estimate_fen", named));
    expect(rows.map(named)).toEqual(["<img src=x onerror=alert(1)>", "宝妈好物1群"]);
    fireEvent.click(within(table).getByRole("button", { name: "有效订单" }));
    const first = within(table).getAllByRole("row")[1];
    expect(within(first).getByText("宝妈好物1群")).toBeTruthy();
  });

  it("shows a report by status in blocks, each closed by its subtotal, in the engine's order", async () => {
    const worded = (key: string) => ({ kind: "worded" as const, value: { key, params: {} } });
    const status = (key: string, code: number | null, estimate: number, kind: "line" | "subtotal" = "line") => ({
      ...line("", code ?? 0, estimate, 1),
      label: worded(key),
      drill: code === null ? null : { by: "status" as const, key: code, from: "2026-10-01", to: "2026-10-31" },
      kind,
    });
    api.earningsReport.mockResolvedValue({
      ...groupReport,
      by: "status",
      rows: [
        status("orderStatus.settled", 18, 200000),
        status("orderStatus.paid", 16, 100000),
        status("report.validSubtotal", null, 300000, "subtotal"),
        status("report.refundedLine", -2, 4321),
        status("validCode.25", 25, 880),
        status("report.lostSubtotal", null, 5201, "subtotal"),
      ],
    });
    renderIt();
    fireEvent.change(screen.getByTestId("report-by"), { target: { value: "status" } });
    const table = await screen.findByTestId("report-table");
    await within(table).findByText("有效订单小计（即合计）");
    const subtotals = [...table.querySelectorAll("tr[data-kind='subtotal']")].map((row) => row.textContent);
    expect(subtotals).toEqual([
      expect.stringContaining("有效订单小计（即合计）¥3,000.00"),
      expect.stringContaining("损失小计¥52.01"),
    ]);
    // Its valid block's subtotal is the total: no other closes the table.
    expect(table.querySelector("tfoot")).toBeNull();
    // The blocks keep their order: no header sorts them into each other.
    expect(within(table).queryByRole("button", { name: "预估佣金" })).toBeNull();
    const labels = within(table)
      .getAllByRole("row")
      .slice(1)
      .map((row) => row.querySelector("td")?.textContent);
    expect(labels).toEqual([
      "已结算",
      "已付款",
      "有效订单小计（即合计）",
      "退款少得的佣金",
      expect.any(String),
      "损失小计",
    ]);
  });

  it("shows a year by day a page at a time, closed on every page by the lines' total", async () => {
    const day = (i: number) => new Date(Date.UTC(2025, 11, 6 + i)).toISOString().slice(0, 10);
    // Day i estimates i + 1 yuan from one order: the year's last day earns most.
    const rows = Array.from({ length: 365 }, (_, i) => ({
      ...line(day(i), i, (i + 1) * 100, 1),
      drill: { by: "day" as const, key: i, from: day(i), to: day(i) },
    }));
    api.earningsReport.mockResolvedValue({ ...groupReport, from: day(0), to: day(364), by: "day", rows });
    renderIt();
    const table = await screen.findByTestId("report-table");
    await within(table).findByText(day(0));
    const body = () => [...table.querySelectorAll("tbody tr")].map((row) => row.querySelector("td")?.textContent);
    const totalRow = () => [...table.querySelectorAll("tfoot tr[data-kind='total']")].map((row) => row.textContent);
    // The sum of the 365 lines: ¥66,795.00 and 365 orders, as the exported file ends.
    const sums = "合计¥66,795.00¥0.00365";
    expect(body()).toHaveLength(PAGE_SIZE);
    expect(totalRow()).toEqual([sums]);
    fireEvent.click(within(screen.getByTestId("row-pager")).getByRole("button", { name: "下一页" }));
    expect(body()[0]).toBe(day(PAGE_SIZE));
    expect(body()).toHaveLength(PAGE_SIZE);
    expect(totalRow()).toEqual([sums]);
    // Sorting orders the whole year: its best day comes first, from the last page.
    fireEvent.click(within(table).getByRole("button", { name: "预估佣金" }));
    expect(body().slice(0, 2)).toEqual([day(364), day(363)]);
    expect(totalRow()).toEqual([sums]);
  });

  it("opens the lines behind a report line", async () => {
    renderIt();
    fireEvent.click(await screen.findByRole("button", { name: "宝妈好物1群" }));
    expect(await screen.findByTestId("lines-behind")).toBeTruthy();
    expect(api.reportLines).toHaveBeenCalledWith(groupReport.rows[0].drill, { offset: 0, limit: expect.any(Number) });
  });

  it("opens the lines behind a total of the range", async () => {
    renderIt();
    const totals = await screen.findByTestId("report-totals");
    fireEvent.click(within(totals).getByRole("button", { name: "¥43.21" }));
    expect(await screen.findByTestId("lines-behind")).toBeTruthy();
    const expected = rangeOf("d30", new Date());
    expect(api.reportTotalLines).toHaveBeenCalledWith(
      expected.from,
      expected.to,
      "refunded",
      { offset: 0, limit: expect.any(Number) },
      null,
    );
  });

  it("exports the chart as PNG and makes a share card, saying where each went", async () => {
    renderIt();
    fireEvent.click(screen.getByTestId("chart-tab-groups"));
    fireEvent.click(screen.getByTestId("chart-export-png"));
    expect((await screen.findByTestId("chart-saved")).textContent).toContain("按群收益");
    expect(api.exportChart.mock.calls[0][0]).toBe("groups");
    expect(api.exportChart.mock.calls[0][3]).toBe("png");
    fireEvent.click(screen.getByTestId("share-card-make"));
    expect((await screen.findByTestId("share-card-saved")).textContent).toContain("晒收入.png");
    expect(api.exportShareCard.mock.calls[0][2]).toBe(true);
  });

  it("lists coming pay days with what is expected and at risk, and opens their lines", async () => {
    renderIt();
    const rows = await screen.findAllByTestId("calendar-coming");
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByRole("button", { name: /^¥9,876.00 · / })).toBeTruthy();
    expect(within(rows[1]).getByRole("button", { name: /^¥555.00 · / })).toBeTruthy();
    expect(screen.getByText(/每月结算一次/)).toBeTruthy();
    fireEvent.click(within(rows[0]).getByRole("button", { name: /^¥9,876.00 · / }));
    expect(await screen.findByText("2026-11-20 预计到账的订单")).toBeTruthy();
    expect(api.settlementLines).toHaveBeenCalledWith({ kind: "expected", day: "2026-11-20" }, expect.anything(), null);
    expect(screen.getByText("—（那时还没有记录）")).toBeTruthy();
  });

  it("shows risk lines by partner and opens a penalty for her, citing a rule", async () => {
    renderIt();
    const panel = await screen.findByTestId("risk-radar");
    expect(await within(panel).findByText("失效：异常流量: 9")).toBeTruthy();
    expect(within(panel).getByText("30.0%")).toBeTruthy();
    fireEvent.click(within(panel).getByRole("button", { name: "记录处罚" }));
    const form = await screen.findByTestId("risk-penalty");
    expect(within(form).getByRole<HTMLSelectElement>("combobox", { name: /类型|方式/ }).value).toBe("penalty");
    expect((form.querySelector("input") as HTMLInputElement).value).toContain("风险订单 9 行");
    expect(await within(form).findByRole("option", { name: "刷单清退" })).toBeTruthy();
  });

  it("flags new risk lines and a partner's jump on 总览 until she has seen them", async () => {
    api.riskFlags.mockResolvedValue({
      new_rows: 5,
      through: 17,
      jumps: [{ partner_id: 42, name: "林丽", recent_rows: 5, recent_share_pct: 31.2, before_share_pct: 2 }],
    });
    api.markRiskSeen.mockResolvedValue({ new_rows: 0, through: 17, jumps: [] });
    render(
      <Providers>
        <RiskFlagsNotice />
      </Providers>,
    );
    expect(await screen.findByText(/有 5 行订单被平台判为风险/)).toBeTruthy();
    expect(screen.getByTestId("risk-jump").textContent).toContain("占她订单的 31%（前四周 2%）");
    fireEvent.click(screen.getByRole("button", { name: "知道了" }));
    await vi.waitFor(() => expect(screen.queryByTestId("risk-flags")).toBeNull());
    expect(api.markRiskSeen).toHaveBeenCalledWith(17);
  });

  it("reads every panel of the platform she picks, and says whose figures they are", async () => {
    renderIt();
    await screen.findByTestId("report-table");
    const filter = screen.getByRole<HTMLSelectElement>("combobox", { name: "平台" });
    expect(filter).toBe(screen.getByTestId("platform-filter"));
    expect(filter.value).toBe("all");
    expect([...filter.options].map((o) => o.text)).toEqual(["全部平台", "京东联盟", "多多进宝", "淘宝联盟"]);
    const { from, to } = rangeOf("d30", new Date());
    expect(api.earningsReport).toHaveBeenLastCalledWith(from, to, "day", null);
    expect(screen.queryByTestId("platform-shown")).toBeNull();

    fireEvent.change(filter, { target: { value: "pdd" } });
    expect((await screen.findByTestId("platform-shown")).textContent).toContain("多多进宝 的收益");
    await vi.waitFor(() => {
      expect(api.earningsReport).toHaveBeenLastCalledWith(from, to, "day", "pdd");
      expect(api.earningsChart).toHaveBeenLastCalledWith("trend", from, to, expect.any(String), "pdd");
      expect(api.riskRadar).toHaveBeenLastCalledWith(from, to, "pdd");
      expect(api.monthMoney).toHaveBeenLastCalledWith(expect.any(String), "pdd");
      expect(api.monthMoneyRows).toHaveBeenLastCalledWith(expect.any(String), "settled", expect.anything(), "pdd");
    });
    expect(api.settlementCalendar).toHaveBeenCalledWith("pdd");
    // The calendar is 多多进宝's own: nothing of JD's coming, and its rule alone.
    expect(await screen.findByText(/现在没有待到账的佣金/)).toBeTruthy();
    expect(screen.queryByTestId("calendar-coming")).toBeNull();
    expect(within(screen.getByTestId("calendar-rules")).getAllByRole("listitem")).toHaveLength(1);

    fireEvent.click(within(screen.getByTestId("report-totals")).getByRole("button", { name: "¥43.21" }));
    await screen.findByTestId("lines-behind");
    expect(api.reportTotalLines).toHaveBeenLastCalledWith(from, to, "refunded", expect.anything(), "pdd");
    fireEvent.click(screen.getByTestId("chart-export-png"));
    await screen.findByTestId("chart-saved");
    expect(api.exportChart).toHaveBeenLastCalledWith("trend", from, to, "png", expect.any(String), "pdd");
    fireEvent.click(screen.getByTestId("share-card-make"));
    await screen.findByTestId("share-card-saved");
    expect(api.exportShareCard).toHaveBeenLastCalledWith(from, to, true, expect.any(String), "pdd");

    // Back to every platform: the lines opened under 多多进宝 close, the line under the filter goes.
    fireEvent.change(filter, { target: { value: "all" } });
    expect(screen.queryByTestId("platform-shown")).toBeNull();
    expect(screen.queryByTestId("lines-behind")).toBeNull();
  });

  it("breaks the range down by platform, each line opening that platform's lines", async () => {
    const { from, to } = rangeOf("d30", new Date());
    const platformLine = (platform: Platform, estimate: number) => ({
      ...line("", 0, estimate, 10),
      label: { kind: "worded" as const, value: { key: `platform.${platform}`, params: {} } },
      drill: { by: "platform" as const, key: 0, from, to, platform },
    });
    const byPlatform: Report = {
      ...groupReport,
      by: "platform",
      rows: [platformLine("jd", 200000), platformLine("pdd", 70000), platformLine("taobao", 30000)],
    };
    api.earningsReport.mockImplementation((_from: string, _to: string, by: string) =>
      Promise.resolve(by === "platform" ? byPlatform : groupReport),
    );
    renderIt();
    const by = screen.getByTestId("report-by");
    expect(within(by).getByRole("option", { name: "平台" })).toBeTruthy();
    fireEvent.change(by, { target: { value: "platform" } });
    expect(api.earningsReport).toHaveBeenLastCalledWith(from, to, "platform", null);
    const table = await screen.findByTestId("report-table");
    const pdd = await within(table).findByRole("button", { name: "多多进宝" });
    expect(within(table).getByRole("button", { name: "京东联盟" })).toBeTruthy();
    expect(within(table).getByRole("button", { name: "淘宝联盟" })).toBeTruthy();
    expect(within(table).getByText("¥700.00")).toBeTruthy();
    fireEvent.click(pdd);
    expect(await screen.findByTestId("lines-behind")).toBeTruthy();
    expect(api.reportLines).toHaveBeenCalledWith(byPlatform.rows[1].drill, expect.anything());
  });

  it("states each platform's pay rule and what each platform is expected to pay on each day", async () => {
    const jd = { day: "2026-11-20", expected_fen: 600000, expected_rows: 700, at_risk_fen: 0, at_risk_rows: 0 };
    const pdd = { day: "2026-11-20", expected_fen: 387600, expected_rows: 500, at_risk_fen: 0, at_risk_rows: 0 };
    const taobao = { day: "2026-12-20", expected_fen: 0, expected_rows: 0, at_risk_fen: 55500, at_risk_rows: 80 };
    const of: Record<Platform, SettlementCalendar> = {
      jd: { ...nothingComing, coming: [jd] },
      pdd: { ...nothingComing, coming: [pdd] },
      taobao: { ...nothingComing, coming: [taobao] },
    };
    api.settlementCalendar.mockImplementation((platform: Platform | null) =>
      Promise.resolve(platform === null ? calendar : of[platform]),
    );
    renderIt();
    const rules = within(await screen.findByTestId("calendar-rules")).getAllByRole("listitem");
    expect(rules.map((rule) => rule.textContent)).toEqual([
      expect.stringMatching(/^京东联盟：按京东联盟给的结算月/),
      "多多进宝：每月 20 日左右结算上月 16 日至本月 15 日审核通过的订单。",
      "淘宝联盟：确认收货后次月结算，日期以 20 日估算。",
    ]);
    const rows = await screen.findAllByTestId("calendar-coming");
    await vi.waitFor(() => {
      const platforms = [...rows[0].querySelectorAll(".calendar-platforms li")].map((li) => li.textContent);
      expect(platforms).toEqual(["京东联盟 ¥6,000.00", "多多进宝 ¥3,876.00"]);
    });
    const later = [...rows[1].querySelectorAll(".calendar-platforms li")].map((li) => li.textContent);
    expect(later).toEqual(["淘宝联盟 仍有风险 ¥555.00"]);
    // A platform's share of a day opens that platform's lines of the day.
    fireEvent.click(within(rows[0]).getByRole("button", { name: "¥3,876.00" }));
    expect(await screen.findByText("2026-11-20 多多进宝 预计到账的订单")).toBeTruthy();
    expect(api.settlementLines).toHaveBeenLastCalledWith(
      { kind: "expected", day: "2026-11-20" },
      expect.anything(),
      "pdd",
    );
    expect(api.settlementCalendar).toHaveBeenCalledWith(null);
    for (const platform of ["jd", "pdd", "taobao"]) expect(api.settlementCalendar).toHaveBeenCalledWith(platform);
  });

  it("shows each risk line's own platform codes, and the radar's over every line", async () => {
    const codes = [
      { platform: "jd" as const, code: "26", rows: 6 },
      { platform: "pdd" as const, code: "10", rows: 3 },
    ];
    api.riskRadar.mockResolvedValue({
      ...radar,
      partners: [{ ...radar.partners[0], platform_codes: codes }],
      groups: [
        { ...radar.groups[0], rows: 7, platform_codes: [codes[0], { ...codes[1], rows: 1 }] },
        { ...radar.groups[0], id: 0, name: "", rows: 2, platform_codes: [{ ...codes[1], rows: 2 }] },
      ],
    });
    renderIt();
    const panel = await screen.findByTestId("risk-radar");
    const partner = (await within(panel).findByText("林丽")).closest("tr") as HTMLElement;
    expect(within(partner).getByText("京东联盟 26：6 行 · 多多进宝 10：3 行")).toBeTruthy();
    expect(within(panel).getByTestId("risk-platform-codes").textContent).toBe(
      "各平台自己的代码：京东联盟 26：6 行 · 多多进宝 10：3 行",
    );
  });

  it("words 淘宝联盟's punishments of frozen lines instead of their codes", async () => {
    const codes = [
      { platform: "jd" as const, code: "26", rows: 2 },
      { platform: "taobao" as const, code: "punish", rows: 1 },
      { platform: "taobao" as const, code: "punish:1", rows: 3 },
      { platform: "taobao" as const, code: "punish:2", rows: 4 },
      { platform: "taobao" as const, code: "punish:9", rows: 5 },
    ];
    api.riskRadar.mockResolvedValue({
      ...radar,
      partners: [{ ...radar.partners[0], platform_codes: codes }],
      groups: [{ ...radar.groups[0], platform_codes: codes }],
    });
    renderIt();
    const panel = await screen.findByTestId("risk-radar");
    const partner = (await within(panel).findByText("林丽")).closest("tr") as HTMLElement;
    expect(within(partner).getByText(/^京东联盟 26/).textContent).toBe(
      "京东联盟 26：2 行 · 淘宝联盟「处罚」：1 行 · 淘宝联盟「处罚：店铺淘客」：3 行 · " +
        "淘宝联盟「处罚：虚假交易」：4 行 · 淘宝联盟「处罚：9」：5 行",
    );
    expect(within(panel).getByText(/淘宝联盟：冻结中的处罚订单/)).toBeTruthy();
  });

  it("shows each row's platform, its own order number, and 多多进宝's or 淘宝联盟's own code beside its status", async () => {
    const row = { order_day: "2026-11-03", amount_fen: 321, platform_status: null, order_key: null };
    api.monthMoneyRows.mockResolvedValue({
      items: [
        { ...row, row_id: 1, order_id: 11, sku_name: "纸巾", status: "settled", platform: "jd" },
        {
          ...row,
          row_id: -2,
          order_id: -12,
          order_key: "261103-987654321012345",
          sku_name: "坚果",
          status: "settled",
          platform: "pdd",
          platform_status: "5",
        },
        {
          ...row,
          row_id: -3,
          order_id: -13,
          sku_name: "牛奶",
          status: "paid",
          platform: "taobao",
          platform_status: "12",
        },
      ],
      total: 3,
      offset: 0,
    });
    renderIt();
    const status = async (sku: string) => ((await screen.findByText(sku)).closest("tr") as HTMLElement).textContent;
    expect(await status("纸巾")).toContain("已结算 · 京东联盟");
    expect(await status("坚果")).toContain("已结算 · 多多进宝 5");
    // The platform's own order number, not the store's stand-in for it.
    expect(await status("坚果")).toContain("261103-987654321012345");
    expect(await status("坚果")).not.toContain("-12");
    expect(await status("牛奶")).toContain("已付款 · 淘宝联盟 12");
  });
});
