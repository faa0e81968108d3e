import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AppError } from "../bindings/AppError";
import type { LedgerMonths } from "../bindings/LedgerMonths";
import type { MonthStatements } from "../bindings/MonthStatements";
import type { PayoutPlan } from "../bindings/PayoutPlan";
import type { Statement } from "../bindings/Statement";
import type { StatementRow } from "../bindings/StatementRow";
import { mockApi } from "./mockApi";
import { renderInApp } from "./render";

const api = mockApi();
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), api }));
const { PayoutsPage } = await import("../features/payouts/PayoutsPage");
const { PartnerPanel } = await import("../features/team/PartnerPanel");
const { OverviewPage } = await import("../features/overview/OverviewPage");

const plan: PayoutPlan = {
  version: 2,
  effectiveFrom: "2026-10-01",
  ownRate: 1000,
  roleRates: [],
  partnerTerms: [],
  overrideRate: null,
  minimum: 1000,
  holdDays: 0,
  createdAt: 0,
};

const months = (canClose: boolean): LedgerMonths => ({
  hasPlan: true,
  closed: ["2026-10"],
  open: { month: "2026-11", closableFrom: "2026-12-21", canClose },
});

const row = (id: number, name: string, figures: Partial<StatementRow>): StatementRow => ({
  partner: { id, name },
  opening_fen: 0,
  earned_fen: 0,
  override_fen: 0,
  reversed_fen: 0,
  adjusted_fen: 0,
  paid_fen: 0,
  closing_fen: 0,
  payable_fen: 0,
  pending_fen: 0,
  ...figures,
});

const november: MonthStatements = {
  month: "2026-11",
  closed: false,
  settled_fen: 20000,
  partners_fen: 1900,
  hers_fen: 18100,
  statements: [
    row(1, "王芳", {
      opening_fen: 500,
      earned_fen: 1200,
      reversed_fen: -200,
      adjusted_fen: 100,
      closing_fen: 1600,
      pending_fen: 300,
    }),
    row(2, "李娜", { earned_fen: 800, override_fen: 50, paid_fen: 300, closing_fen: 550 }),
  ],
};

const october: MonthStatements = {
  month: "2026-10",
  closed: true,
  settled_fen: 9000,
  partners_fen: 1600,
  hers_fen: 7400,
  statements: [row(1, "王芳", { earned_fen: 1600, closing_fen: 1600, payable_fen: 1600 })],
};

const statement: Statement = {
  month: "2026-11",
  partnerName: "王芳",
  number: "TZ-202611-1",
  closed: false,
  asOf: "2026-11-23",
  opening: 500,
  lines: [
    {
      kind: "commission",
      day: "2026-11-03",
      order: "****1234",
      product: "儿童保温杯",
      paid: 12000,
      rate: 1000,
      amount: 1200,
      note: null,
    },
    {
      kind: "adjustment",
      day: "2026-11-10",
      order: null,
      product: null,
      paid: null,
      rate: null,
      amount: 100,
      note: "十月少算",
    },
  ],
  earned: 1200,
  overrideShare: 0,
  reversed: -200,
  adjusted: 100,
  paid: 0,
  closing: 1600,
  payable: 0,
  minimum: 1000,
  pending: [],
  pendingTotal: 0,
  pendingMore: 0,
};

const refused = (field: string, key: string, params: Record<string, string>): AppError => ({
  code: "Validation",
  key,
  params,
  field,
});

function renderPage() {
  return renderInApp(<PayoutsPage />);
}

describe("分润", () => {
  beforeEach(() => {
    // Only the date is fixed (the forms default to today in Beijing); timers run as ever.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-23T04:00:00Z"));
    api.payoutPlan.mockReset().mockResolvedValue(plan);
    api.payoutMonths.mockReset().mockResolvedValue(months(false));
    api.monthStatements
      .mockReset()
      .mockImplementation(async (month: string) => (month === "2026-10" ? october : november));
    api.payList.mockReset().mockResolvedValue([{ partner: { id: 1, name: "王芳" }, amount: 1600, payCode: null }]);
    api.previewPayoutPlan
      .mockReset()
      .mockResolvedValue({ month: "2026-10", settled: 20000, partners: 1900, hers: 18100, partnersPaid: 2 });
    api.setPayoutPlan.mockReset().mockResolvedValue({ ...plan, version: 3 });
    api.recordPayout.mockReset();
    api.closePayoutMonth.mockReset();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("asks for a plan first, and says what to do next", async () => {
    api.payoutPlan.mockResolvedValue(null);
    api.payoutMonths.mockResolvedValue({ hasPlan: false, closed: [], open: null });
    renderPage();
    expect(await screen.findByText("还没有分润方案。先设定一个：伙伴按她本人已结算佣金的比例分成。")).toBeTruthy();
    expect(screen.getByText("设定分润方案后，这里按月显示每位伙伴的对账单。")).toBeTruthy();
    expect(screen.getByRole("form", { name: "分润方案" })).toBeTruthy();
    expect(api.monthStatements).not.toHaveBeenCalled();
  });

  it("shows the law's warning only while the upline share is on, and sends it one level deep", async () => {
    api.payoutPlan.mockResolvedValue(null);
    renderPage();
    const form = await screen.findByRole("form", { name: "分润方案" });
    expect(within(form).queryByTestId("upline-warning")).toBeNull();
    expect(within(form).queryByLabelText("上级分成比例（%）")).toBeNull();
    const upline = within(form).getByRole("checkbox", { name: "给直属上级分成（上级分成，仅一级）" });
    fireEvent.click(upline);
    const warning = within(form).getByTestId("upline-warning");
    expect(warning.textContent).toContain("《禁止传销条例》第七条（三）");
    expect(warning.textContent).toContain("团队计酬");
    expect(warning.textContent).toContain("连同你在内不超过三级");
    expect(warning.textContent).toContain("不是法律意见");
    // There is nothing to pay per recruit, charge to join or buy to qualify with.
    expect(form.textContent).not.toMatch(/拉人头计酬（|入门费（|每拉/);

    fireEvent.change(within(form).getByLabelText("自己销售的分成比例（%）"), { target: { value: "10" } });
    fireEvent.change(within(form).getByLabelText("上级分成比例（%）"), { target: { value: "2.5" } });
    fireEvent.click(within(form).getByRole("button", { name: "保存方案（新版本）" }));
    await waitFor(() => expect(api.setPayoutPlan).toHaveBeenCalled());
    expect(api.setPayoutPlan.mock.calls[0][0]).toMatchObject({
      ownRate: "10",
      overrideRate: "2.5",
      overrideLevels: 1,
      effectiveFrom: "2026-11-23",
    });

    fireEvent.click(upline);
    expect(within(form).queryByTestId("upline-warning")).toBeNull();
  });

  it("gives a partner picked by search her own rate", async () => {
    api.payoutPlan.mockResolvedValue(null);
    api.listPartners.mockReset().mockResolvedValue({
      items: [
        {
          id: 5,
          name: "王芳",
          role: "maker",
          sub_union_id: "p5",
          parent_name: null,
          joined_on: null,
          is_placeholder: false,
          downline: 0,
          wechat: null,
          unreadable: [],
        },
      ],
      total: 1,
      more_before: false,
      more_after: false,
      restarted: false,
    });
    renderPage();
    const form = await screen.findByRole("form", { name: "分润方案" });
    fireEvent.change(within(form).getByLabelText("添加单独设定的伙伴"), { target: { value: "王" } });
    fireEvent.click(within(form).getByRole("button", { name: "查找" }));
    fireEvent.click(await within(form).findByRole("button", { name: "王芳" }));
    fireEvent.change(within(form).getByLabelText("王芳 的比例（%）"), { target: { value: "15" } });
    fireEvent.change(within(form).getByLabelText("自己销售的分成比例（%）"), { target: { value: "10" } });
    fireEvent.submit(form);
    await waitFor(() => expect(api.setPayoutPlan).toHaveBeenCalled());
    expect(api.setPayoutPlan.mock.calls[0][0]).toMatchObject({
      ownRate: "10",
      partnerTerms: [{ partner: 5, ownRate: "15", minimum: null }],
      overrideRate: null,
      overrideLevels: 0,
    });
  });

  it("shows a refusal at the field it is about", async () => {
    api.payoutPlan.mockResolvedValue(null);
    api.setPayoutPlan.mockRejectedValue(refused("ownRate", "payout.rate.range", { text: "120" }));
    renderPage();
    const form = await screen.findByRole("form", { name: "分润方案" });
    const own = within(form).getByLabelText("自己销售的分成比例（%）");
    fireEvent.change(own, { target: { value: "120" } });
    fireEvent.submit(form);
    const message = await within(form).findByText("比例应在 0 到 100 之间：120");
    expect(own.getAttribute("aria-invalid")).toBe("true");
    expect(own.getAttribute("aria-describedby")).toBe(message.id);
    expect(within(form).getByLabelText("最低付款额（元）").hasAttribute("aria-invalid")).toBe(false);
  });

  it("previews last month under the plan as typed", async () => {
    renderPage();
    fireEvent.click(await screen.findByRole("button", { name: "修改方案" }));
    const form = screen.getByRole("form", { name: "分润方案" });
    fireEvent.change(within(form).getByLabelText("自己销售的分成比例（%）"), { target: { value: "12" } });
    expect(
      await within(form).findByText("预览：上月（2026-10）按此方案，平台结算 ¥200.00，伙伴 ¥19.00（2 人），你 ¥181.00"),
    ).toBeTruthy();
    expect(api.previewPayoutPlan).toHaveBeenLastCalledWith(expect.objectContaining({ ownRate: "12", minimum: "10" }));
    expect(screen.getByTestId("plan-version").textContent).toContain("第 2 版，2026-10-01 起生效");
  });

  it("lists the month's statements with totals that add up", async () => {
    renderPage();
    const table = await screen.findByTestId("payout-statements");
    const headers = [...table.querySelectorAll("thead th")].map((h) => h.textContent);
    expect(headers).toEqual(["伙伴", "期初", "本月佣金", "上级分成", "冲回", "调整", "已付", "期末", "可付", "待结算"]);
    const foot = [...table.querySelectorAll("tfoot td, tfoot th")].map((c) => c.textContent);
    expect(foot).toEqual(["合计", "¥5.00", "¥20.00", "¥0.50", "-¥2.00", "¥1.00", "¥3.00", "¥21.50", "¥0.00", "¥3.00"]);
    expect(screen.getByTestId("month-totals").textContent).toBe(
      "草稿（若今天结账）：平台结算 ¥200.00 = 伙伴 ¥19.00 + 你 ¥181.00",
    );
  });

  it("cannot close a month the platform has not settled, and says when it can", async () => {
    renderPage();
    const close = await screen.findByRole("button", { name: "结账 2026-11" });
    expect((close as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText("可于 2026-12-21 起结账")).toBeTruthy();
  });

  it("closes a month only once she confirms what closing means", async () => {
    api.payoutMonths.mockResolvedValue(months(true));
    api.closePayoutMonth.mockResolvedValue({
      month: "2026-11",
      alreadyClosed: false,
      settled: 20000,
      partners: 1900,
      hers: 18100,
      lines: 3,
      hash: "a".repeat(64),
    });
    renderPage();
    fireEvent.click(await screen.findByRole("button", { name: "结账 2026-11" }));
    const dialog = screen.getByRole("alertdialog", { name: "确认结账 2026-11" });
    expect(dialog.textContent).toContain("冻结");
    expect(dialog.textContent).toContain("记入下个月");
    expect(dialog.textContent).toContain("不能撤销");
    expect(api.closePayoutMonth).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole("button", { name: "取消" }));
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(api.closePayoutMonth).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole("button", { name: "结账 2026-11" }));
    fireEvent.click(screen.getByRole("button", { name: "确认结账" }));
    await waitFor(() => expect(api.closePayoutMonth).toHaveBeenCalledWith("2026-11"));
  });

  it("says the month is being closed while the close runs", async () => {
    api.payoutMonths.mockResolvedValue(months(true));
    let finish: (value: unknown) => void = () => {};
    api.closePayoutMonth.mockReturnValue(new Promise((resolve) => (finish = resolve)));
    renderPage();
    fireEvent.click(await screen.findByRole("button", { name: "结账 2026-11" }));
    fireEvent.click(screen.getByRole("button", { name: "确认结账" }));
    expect((await screen.findByTestId("closing")).textContent).toContain("正在结账 2026-11");
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "结账 2026-11" }).disabled).toBe(true);
    finish({
      month: "2026-11",
      alreadyClosed: false,
      settled: 0,
      partners: 0,
      hers: 0,
      lines: 0,
      hash: "b".repeat(64),
    });
    await waitFor(() => expect(screen.queryByTestId("closing")).toBeNull());
  });

  it("records a payment from the pay list only on her confirmation, warning when it is more than owed", async () => {
    api.recordPayout.mockResolvedValue({
      id: 7,
      month: "2026-10",
      balanceBefore: 1600,
      balanceAfter: -400,
      overBalance: true,
    });
    // Paid in full, she leaves the pay list as soon as it is read again.
    api.payList
      .mockReset()
      .mockResolvedValueOnce([{ partner: { id: 1, name: "王芳" }, amount: 1600, payCode: null }])
      .mockResolvedValue([]);
    renderPage();
    fireEvent.change(await screen.findByLabelText("月份"), { target: { value: "2026-10" } });
    const list = await screen.findByTestId("pay-list");
    expect(list.textContent).toContain("王芳");
    expect(list.textContent).toContain("¥16.00");
    fireEvent.click(within(list).getByRole("button", { name: "标记已付给 王芳" }));
    const form = screen.getByRole("form", { name: "给 王芳 的付款" });
    const amount = within(form).getByLabelText<HTMLInputElement>("金额（元）");
    expect(amount.value).toBe("16");
    expect(within(form).queryByTestId("over-balance")).toBeNull();
    fireEvent.change(amount, { target: { value: "20" } });
    expect(within(form).getByTestId("over-balance").textContent).toContain("¥16.00");
    fireEvent.change(within(form).getByLabelText("方式"), { target: { value: "alipay" } });
    fireEvent.change(within(form).getByLabelText("流水号"), { target: { value: "2026102300042" } });
    fireEvent.click(within(form).getByRole("button", { name: "记录付款" }));

    const dialog = within(form).getByRole("alertdialog", { name: "确认付款记录" });
    expect(dialog.textContent).toContain("确认已向 王芳 付款 ¥20.00（支付宝，2026-11-23）");
    expect(api.recordPayout).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole("button", { name: "确认记录" }));
    await waitFor(() =>
      expect(api.recordPayout).toHaveBeenCalledWith({
        partner: 1,
        amount: "20",
        method: "alipay",
        paidOn: "2026-11-23",
        reference: "2026102300042",
        voucher: null,
        tax: "",
        note: "",
        statement: "2026-10",
      }),
    );
    expect((await screen.findByTestId("payment-recorded")).textContent).toContain("¥16.00 → -¥4.00");
  });

  it("shows a refused payment's reason at its field and records nothing", async () => {
    api.recordPayout.mockRejectedValue(refused("tax", "payout.payment.taxOverAmount", {}));
    renderPage();
    fireEvent.change(await screen.findByLabelText("月份"), { target: { value: "2026-10" } });
    fireEvent.click(await screen.findByRole("button", { name: "标记已付给 王芳" }));
    const form = screen.getByRole("form", { name: "给 王芳 的付款" });
    fireEvent.change(within(form).getByLabelText("代扣税（元，可不填）"), { target: { value: "30" } });
    fireEvent.submit(form);
    fireEvent.click(within(form).getByRole("button", { name: "确认记录" }));
    expect(await within(form).findByText("代扣税不能超过付款金额")).toBeTruthy();
    expect(within(form).getByLabelText("代扣税（元，可不填）").getAttribute("aria-invalid")).toBe("true");
    expect(within(form).queryByRole("alertdialog")).toBeNull();
    expect(screen.queryByTestId("payment-recorded")).toBeNull();
  });

  it("says when a closed month has no one to pay", async () => {
    api.payList.mockResolvedValue([]);
    renderPage();
    fireEvent.change(await screen.findByLabelText("月份"), { target: { value: "2026-10" } });
    expect(await screen.findByText("这个月没有需要付款的伙伴。")).toBeTruthy();
  });

  it("opens a partner's ledger from her row: lines, a void that asks first, an adjustment and the statement's files", async () => {
    api.partnerStatement.mockReset().mockResolvedValue(statement);
    api.partnerPayments.mockReset().mockResolvedValue([
      {
        id: 7,
        paidOn: "2026-11-05",
        amount: 300,
        method: "wechat",
        reference: "",
        tax: 0,
        voucher: null,
        voids: null,
        voided: false,
      },
    ]);
    api.voidPayout.mockReset().mockResolvedValue(8);
    api.adjustPayout.mockReset().mockResolvedValue("2026-11");
    api.exportPartnerStatement.mockReset().mockResolvedValue("/home/her/Downloads/分润对账单-王芳-2026-11.png");
    renderPage();
    const table = await screen.findByTestId("payout-statements");
    fireEvent.click(within(table).getByText("王芳"));
    const ledger = await screen.findByTestId("partner-ledger");
    expect(api.partnerStatement).toHaveBeenCalledWith(1, "2026-11", "zh-CN");
    expect(await within(ledger).findByText("****1234")).toBeTruthy();
    expect(within(ledger).getByText("十月少算")).toBeTruthy();

    fireEvent.click(await within(ledger).findByRole("button", { name: "作废" }));
    expect(api.voidPayout).not.toHaveBeenCalled();
    fireEvent.click(within(ledger).getByRole("button", { name: "确认作废" }));
    await waitFor(() => expect(api.voidPayout).toHaveBeenCalledWith(7));

    const adjust = within(ledger).getByRole("form", { name: "调整" });
    fireEvent.change(within(adjust).getByLabelText("金额（元，减少写负数）"), { target: { value: "-5" } });
    fireEvent.change(within(adjust).getByLabelText("原因（必填）"), { target: { value: "退货补扣" } });
    fireEvent.submit(adjust);
    expect(api.adjustPayout).not.toHaveBeenCalled();
    fireEvent.click(within(adjust).getByRole("button", { name: "确认调整" }));
    await waitFor(() =>
      expect(api.adjustPayout).toHaveBeenCalledWith({ partner: 1, amount: "-5", reason: "退货补扣" }),
    );

    fireEvent.click(within(ledger).getByRole("button", { name: "PNG" }));
    await waitFor(() => expect(api.exportPartnerStatement).toHaveBeenCalledWith(1, "2026-11", "png", "zh-CN"));
    expect((await within(ledger).findByTestId("statement-saved")).textContent).toContain("分润对账单-王芳-2026-11.png");
    expect(api.recordPayout).not.toHaveBeenCalled();
  });

  it("saves the month's book for her accountant and marks nothing paid", async () => {
    api.exportPayoutBook.mockReset().mockResolvedValue("/home/her/Downloads/分润账本-2026-11.xlsx");
    renderPage();
    await screen.findByTestId("payout-statements");
    fireEvent.click(screen.getByRole("button", { name: "导出本月账本（XLSX）" }));
    await waitFor(() => expect(api.exportPayoutBook).toHaveBeenCalledWith("2026-11", "zh-CN"));
    expect((await screen.findByTestId("book-saved")).textContent).toContain("分润账本-2026-11.xlsx");
    expect(api.recordPayout).not.toHaveBeenCalled();
  });
});

describe("团队's partner panel", () => {
  const detail = {
    id: 1,
    name: "王芳",
    role: "shopkeeper" as const,
    parent: null,
    sub_union_id: "p1",
    joined_on: "2025-03-08",
    unreadable: [] as string[],
    wechat: "wa*****g1",
    phone: "138****8000",
    notes: "",
    tags: [],
    is_placeholder: false,
    stage: "sharing_consumer" as const,
    stage_orders: 42,
    stage_days: 18,
    direct_downline: 3,
    whole_downline: 17,
    own: { estimate_fen: 12345, actual_fen: 6789, orders: 42 },
    team: { estimate_fen: 987654, actual_fen: 123456, orders: 610 },
  };

  beforeEach(() => {
    api.partnerDetail.mockReset().mockResolvedValue(detail);
  });

  it("shows her balance and last statement with a way to 分润 once there is a plan", async () => {
    api.partnerPayoutBalance.mockReset().mockResolvedValue({
      hasPlan: true,
      balance: 1600,
      lastStatement: { month: "2026-10", earned: 1600, closing: 1600 },
    });
    const onGoPayouts = vi.fn();
    renderInApp(<PartnerPanel id={1} onClose={() => {}} onGoPayouts={onGoPayouts} />);
    const section = await screen.findByTestId("partner-payout");
    expect(section.textContent).toContain("应付余额 ¥16.00");
    expect(section.textContent).toContain("上期对账单 2026-10：本月佣金 ¥16.00，期末 ¥16.00");
    fireEvent.click(within(section).getByRole("button", { name: "去分润" }));
    expect(onGoPayouts).toHaveBeenCalled();
    expect(api.partnerPayoutBalance).toHaveBeenCalledWith(1);
  });

  it("shows nothing of payouts without a plan", async () => {
    api.partnerPayoutBalance.mockReset().mockResolvedValue({ hasPlan: false, balance: 0, lastStatement: null });
    renderInApp(<PartnerPanel id={1} onClose={() => {}} />);
    await screen.findByTestId("partner-earnings");
    await waitFor(() => expect(api.partnerPayoutBalance).toHaveBeenCalled());
    expect(screen.queryByTestId("partner-payout")).toBeNull();
  });
});

describe("总览's payout reminder", () => {
  function renderOverview(onGoPayouts = () => {}) {
    return renderInApp(<OverviewPage onGoSync={() => {}} onGoPosting={() => {}} onGoPayouts={onGoPayouts} />);
  }

  it("says a month can be closed and what is payable to how many, linking to 分润", async () => {
    api.payoutReminder.mockReset().mockResolvedValue({
      hasPlan: true,
      closable: "2026-11",
      payable: 250000,
      payablePartners: 3,
      payableMonth: "2026-10",
    });
    const onGoPayouts = vi.fn();
    renderOverview(onGoPayouts);
    const reminder = await screen.findByTestId("payout-reminder");
    expect(reminder.textContent).toContain("11月可以结账了");
    expect(reminder.textContent).toContain("2026-10 对账单可付给 3 位伙伴，共 ¥2,500.00");
    fireEvent.click(within(reminder).getByRole("button", { name: "去分润" }));
    expect(onGoPayouts).toHaveBeenCalled();
  });

  it("says nothing without a plan", async () => {
    api.payoutReminder.mockReset().mockResolvedValue({
      hasPlan: false,
      closable: null,
      payable: 0,
      payablePartners: 0,
      payableMonth: null,
    });
    renderOverview();
    await screen.findByTestId("month-estimate");
    await waitFor(() => expect(api.payoutReminder).toHaveBeenCalled());
    expect(screen.queryByTestId("payout-reminder")).toBeNull();
  });
});
