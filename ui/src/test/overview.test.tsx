import { screen, fireEvent, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { dashboard, firstSyncStatus, idleStatus, mockApi } from "./mockApi";
import { renderInApp } from "./render";

const api = mockApi();
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), api }));
const { OverviewPage } = await import("../features/overview/OverviewPage");

const noData = { ...dashboard, month_estimate_fen: 0, month_settled_fen: 0, month_orders: 0, top_groups: [] };

function renderOverview(onGoSync = () => {}) {
  return renderInApp(<OverviewPage onGoSync={onGoSync} onGoPosting={() => {}} />);
}

describe("总览", () => {
  beforeEach(() => {
    api.dashboard.mockResolvedValue(dashboard);
    api.syncStatus.mockResolvedValue(idleStatus);
  });

  it("shows this month's earnings, orders, the chart and the top groups", async () => {
    renderOverview();
    expect(await screen.findByText("¥12,345.67")).toBeTruthy();
    expect(screen.getByText("¥987.00")).toBeTruthy();
    expect(screen.getByText("3,210")).toBeTruthy();
    const chart = await screen.findByTestId<HTMLImageElement>("trend-chart");
    expect(chart.src.startsWith("data:image/svg+xml")).toBe(true);
    expect(chart.alt).toContain("30");
    expect(screen.getByText("宝妈好物1群")).toBeTruthy();
  });

  it("heads the page with today, yesterday, this month and last month, and when money lands", async () => {
    renderOverview();
    const table = await screen.findByTestId("headline");
    const rows = [...table.querySelectorAll("tbody tr")].map((r) => r.textContent);
    expect(rows).toEqual([
      "今天¥123.45¥0.0040+23.5% 比前一天同时段",
      "昨天¥100.00¥0.0035— 比前一天",
      "本月¥11,111.00¥222.00999-5.0% 比上月同期",
      "上月¥15,000.00¥900.004,000— 比前一个月",
    ]);
    expect(screen.getByTestId("next-settlement").textContent).toContain("下次结算：2026-12-20，预计到账 ¥4,567.00。");
    // Today so far is set against yesterday up to the same hour.
    const changeOf = (span: string) =>
      table.querySelector(`tr[data-span="${span}"] td:last-child`)?.getAttribute("title");
    expect(changeOf("today")).toBe("对比 2026-11-22 0:00 至 9:59：预估 ¥100.00");
    expect(changeOf("yesterday")).toBe("对比 2026-11-21 至 2026-11-21：预估 ¥0.00");
    // This month so far meets October's same days, the last one up to the same hour.
    expect(changeOf("this_month")).toBe("对比 2026-10-01 至 2026-10-23 9:59：预估 ¥13,000.00");
  });

  it("opens the lines behind a figure of the headline and behind the next settlement", async () => {
    renderOverview();
    const table = await screen.findByTestId("headline");
    fireEvent.click(within(table).getByRole("button", { name: "¥900.00" }));
    expect(await screen.findByTestId("lines-behind")).toBeTruthy();
    expect(screen.getByText("「上月 · 已结算」背后的订单")).toBeTruthy();
    expect(api.reportTotalLines).toHaveBeenCalledWith(
      "2026-10-01",
      "2026-10-31",
      "landed",
      { offset: 0, limit: expect.any(Number) },
      null,
    );
    fireEvent.click(within(table).getByRole("button", { name: "¥11,111.00" }));
    expect(api.reportTotalLines).toHaveBeenLastCalledWith(
      "2026-11-01",
      "2026-11-23",
      "estimated",
      { offset: 0, limit: expect.any(Number) },
      null,
    );
    fireEvent.click(screen.getByRole("button", { name: "查看这些订单" }));
    expect(await screen.findByText("2026-12-20 预计到账的订单")).toBeTruthy();
    expect(api.settlementLines).toHaveBeenCalledWith(
      { kind: "expected", day: "2026-12-20" },
      { offset: 0, limit: expect.any(Number) },
      null,
    );
  });

  it("shows untrusted group names as text, never as markup", async () => {
    const { container } = renderOverview();
    expect(await screen.findByText("<img src=x onerror=alert(1)>")).toBeTruthy();
    expect(container.querySelectorAll("img")).toHaveLength(1);
  });

  it("tells a new user what to do when there is no data yet", async () => {
    api.dashboard.mockResolvedValue(noData);
    const goSync = vi.fn();
    renderOverview(goSync);
    fireEvent.click(await screen.findByRole("button", { name: "去同步" }));
    expect(goSync).toHaveBeenCalled();
    expect(screen.getByText(/还没有订单数据/)).toBeTruthy();
    expect(screen.queryByTestId("sync-under-way")).toBeNull();
  });

  it("shows the first sync's progress, not advice to start one, while it fills an empty store", async () => {
    api.dashboard.mockResolvedValue(noData);
    api.syncStatus.mockResolvedValue(firstSyncStatus);
    renderOverview();
    const underWay = await screen.findByTestId("sync-under-way");
    expect(underWay.textContent).toContain("正在第一次同步…");
    expect(underWay.textContent).toContain("时间段 540/2160");
    expect(within(underWay).getByRole<HTMLProgressElement>("progressbar").value).toBe(25);
    expect(screen.queryByText(/还没有订单数据/)).toBeNull();
    expect(screen.queryByRole("button", { name: "去同步" })).toBeNull();
  });

  it("shows a failed load with a retry", async () => {
    api.dashboard.mockRejectedValueOnce({
      code: "Internal",
      key: "text",
      params: { text: "disk on fire" },
      field: null,
    });
    renderOverview();
    expect(await screen.findByText("disk on fire")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "重试" }));
    expect(await screen.findByText("¥12,345.67")).toBeTruthy();
  });
});
