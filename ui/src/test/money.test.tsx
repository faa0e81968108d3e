import { screen, fireEvent, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { recentBeijingMonths } from "../format";
import { mockApi } from "./mockApi";
import { renderInApp } from "./render";

const api = mockApi();
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), api }));
const { MoneyExplained } = await import("../features/earnings/MoneyExplained");

const month = {
  month: "2026-11",
  settled: { fen: 1234500, rows: 310 },
  refunded: { fen: 4321, rows: 7 },
  invalidated: { fen: 8800, rows: 12 },
};

const refundedRow = {
  row_id: 300000000042,
  order_id: 280000000042,
  order_key: null,
  sku_name: "<script>alert(1)</script>每日坚果",
  order_day: "2026-11-03",
  status: "completed" as const,
  amount_fen: 321,
  platform: "jd" as const,
  platform_status: null,
};

function renderIt() {
  return renderInApp(<MoneyExplained platform={null} />);
}

describe("钱去哪了", () => {
  beforeEach(() => {
    api.monthMoney.mockReset().mockResolvedValue(month);
    api.monthMoneyRows.mockReset().mockResolvedValue({ items: [], total: 0, offset: 0 });
    api.rowTimeline.mockReset();
  });

  it("shows the three figures of the current Beijing month and asks for its settled rows", async () => {
    renderIt();
    expect(await screen.findByText("¥12,345.00")).toBeTruthy();
    expect(screen.getByText("¥43.21")).toBeTruthy();
    expect(screen.getByText("¥88.00")).toBeTruthy();
    expect(api.monthMoney).toHaveBeenCalledWith(recentBeijingMonths(new Date(), 1)[0], null);
    expect(api.monthMoneyRows.mock.calls[0][1]).toBe("settled");
    expect(await screen.findByText(/这个月没有这类订单行/)).toBeTruthy();
  });

  it("lists the rows behind a figure as text and opens a row's timeline", async () => {
    api.monthMoneyRows.mockResolvedValue({ items: [refundedRow], total: 1, offset: 0 });
    api.rowTimeline.mockResolvedValue({
      row_id: refundedRow.row_id,
      order_id: refundedRow.order_id,
      sku_name: "每日坚果",
      sku_num: 2,
      order_time: "2026-11-03 20:15:00",
      group: "宝妈好物1群",
      partner: null,
      states: [
        {
          modify_time: "2026-11-03 20:15:00",
          status: "paid",
          valid_code: 16,
          sku_return_num: 0,
          estimate_fee_fen: 642,
          actual_fee_fen: 0,
          pay_month: null,
        },
        {
          modify_time: "2026-11-05 09:00:00",
          status: "paid",
          valid_code: 16,
          sku_return_num: 1,
          estimate_fee_fen: 321,
          actual_fee_fen: 0,
          pay_month: null,
        },
        {
          modify_time: "2026-11-12 10:00:00",
          status: "completed",
          valid_code: 17,
          sku_return_num: 1,
          estimate_fee_fen: 321,
          actual_fee_fen: 321,
          pay_month: "2026-12-20",
        },
      ],
    });
    renderIt();
    fireEvent.click(await screen.findByRole("button", { name: /退款损失/ }));
    expect(api.monthMoneyRows.mock.calls.at(-1)?.[1]).toBe("refunded");
    expect(await screen.findByText("<script>alert(1)</script>每日坚果")).toBeTruthy();
    expect(document.querySelector("script")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "变化记录" }));
    const timeline = await screen.findByTestId("row-timeline");
    const steps = await within(timeline).findAllByRole("listitem");
    expect(steps).toHaveLength(3);
    expect(steps[0].textContent).toContain("预估 ¥6.42");
    expect(steps[1].textContent).toContain("退货 1 件");
    expect(steps[2].textContent).toContain("结算日 2026-12-20");
    expect(steps[2].textContent).toContain("当前");
    expect(api.rowTimeline).toHaveBeenCalledWith(refundedRow.row_id);
    fireEvent.click(within(timeline).getByRole("button", { name: "关闭" }));
    expect(screen.queryByTestId("row-timeline")).toBeNull();
  });

  it("changing the month reloads the figures for that month", async () => {
    renderIt();
    await screen.findByText("¥12,345.00");
    const previous = recentBeijingMonths(new Date(), 2)[1];
    fireEvent.change(screen.getByRole("combobox"), { target: { value: previous } });
    expect(api.monthMoney).toHaveBeenLastCalledWith(previous, null);
  });
});

describe("recentBeijingMonths", () => {
  it("counts back across a year end on Beijing time", () => {
    // 2026-12-31 20:00 UTC is already 2027-01-01 in Beijing.
    expect(recentBeijingMonths(new Date("2026-12-31T20:00:00Z"), 3)).toEqual(["2027-01", "2026-12", "2026-11"]);
  });
});
