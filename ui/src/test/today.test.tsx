import { screen, fireEvent, within, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Settings } from "../bindings/Settings";
import { defaultSettings, mockApi, nothingToday } from "./mockApi";
import { renderInApp } from "./render";

const api = mockApi();
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), api }));
const { TodayPanel } = await import("../features/care/TodayPanel");

const due = {
  onboarding: [{ partner_id: 9, name: "新人小张", step: "first_training" as const, due_on: "2026-11-23" }],
  onboarding_total: 3,
  contact: [
    { partner_id: 1, name: "王芳", last_contact: null },
    { partner_id: 2, name: "李娜", last_contact: "2026-11-10" },
  ],
  contact_total: 2,
  dormant_groups: [{ group_id: 5, name: "安静群", last_order: "2026-11-13" }],
  falling_groups: [{ group_id: 7, name: "大群", members: 260, orders_last_week: 10, orders_usual_week: 20.5 }],
  care_days: 7,
  dormant_days: 7,
};

function renderToday() {
  return renderInApp(<TodayPanel />);
}

describe("今日待办", () => {
  beforeEach(() => {
    api.todayTasks.mockReset().mockResolvedValue(due);
    api.careRules.mockReset().mockResolvedValue([
      { id: 1, kind: "reward", title: "招募新伙伴", active: true },
      { id: 2, kind: "penalty", title: "破坏价格体系", active: true },
      { id: 3, kind: "reward", title: "已停用的", active: false },
    ]);
    api.recordCare.mockReset().mockResolvedValue({ id: 1, kind: "call", rule: null, note: "", day: "2026-11-23" });
  });

  it("lists steps due, partners to contact and dormant groups", async () => {
    renderToday();
    expect(await screen.findByText(/新人小张：第一次培训/)).toBeTruthy();
    expect(screen.getByText("新人第一周（3 项到期）")).toBeTruthy();
    expect(screen.getByText(/还有 2 项未列出/)).toBeTruthy();
    const contact = screen.getByTestId("today-contact");
    expect(within(contact).getByText("还没有联系记录")).toBeTruthy();
    expect(within(contact).getByText("上次联系 2026-11-10")).toBeTruthy();
    expect(screen.getByText(/需要联系（2 人，超过 7 天没有联系记录）/)).toBeTruthy();
    expect(within(screen.getByTestId("today-dormant")).getByText(/安静群/)).toBeTruthy();
    expect(screen.getByTestId("today-falling").textContent).toContain(
      "大群（260 人）：近 7 天 10 单，此前每周通常 20.5 单",
    );
  });

  it("records a contact and reloads the list, which no longer has her", async () => {
    renderToday();
    fireEvent.click(await screen.findByRole("button", { name: "记录与「王芳」的联系" }));
    const form = screen.getByRole("form", { name: "记录关怀" });
    fireEvent.change(within(form).getByLabelText("备注"), { target: { value: "电话聊了新品" } });
    api.todayTasks.mockResolvedValue({ ...due, contact: [due.contact[1]], contact_total: 1 });
    fireEvent.click(within(form).getByRole("button", { name: "保存" }));
    await waitFor(() =>
      expect(api.recordCare).toHaveBeenCalledWith(1, { kind: "call", rule_id: null, note: "电话聊了新品" }),
    );
    await waitFor(() => expect(screen.queryByText("王芳")).toBeNull());
    expect(screen.getByText(/需要联系（1 人/)).toBeTruthy();
  });

  it("offers only active rules of the chosen kind for a reward", async () => {
    renderToday();
    fireEvent.click(await screen.findByRole("button", { name: "记录与「李娜」的联系" }));
    const form = screen.getByRole("form", { name: "记录关怀" });
    fireEvent.change(within(form).getByLabelText("方式"), { target: { value: "reward" } });
    const rule = await within(form).findByLabelText("规则");
    await waitFor(() =>
      expect(
        within(rule)
          .getAllByRole("option")
          .map((o) => o.textContent),
      ).toEqual(["选择规则", "招募新伙伴"]),
    );
  });

  it("marks an onboarding step done", async () => {
    renderToday();
    fireEvent.click(await screen.findByRole("button", { name: "完成" }));
    await waitFor(() => expect(api.setOnboardingStep).toHaveBeenCalledWith(9, "first_training", true));
  });

  it("says so when nothing is due", async () => {
    api.todayTasks.mockResolvedValue(nothingToday);
    renderToday();
    expect(await screen.findByText(/今天没有待办/)).toBeTruthy();
  });
});

describe("提醒设置", () => {
  it("saves the care rhythm and the dormant threshold", async () => {
    api.todayTasks.mockReset().mockResolvedValue(due);
    api.saveSettings.mockReset().mockImplementation(async (settings: Settings) => settings);
    renderToday();
    fireEvent.click(await screen.findByText("提醒设置"));
    fireEvent.change(screen.getByLabelText("多少天没联系就提醒"), { target: { value: "5" } });
    fireEvent.change(screen.getByLabelText("多少天没订单算沉寂"), { target: { value: "10" } });
    fireEvent.click(screen.getByRole("button", { name: "保存设置" }));
    await waitFor(() =>
      expect(api.saveSettings).toHaveBeenCalledWith({ ...defaultSettings, care_days: 5, dormant_days: 10 }),
    );
  });

  it("turns desktop notifications off and back on, saved at once", async () => {
    api.todayTasks.mockReset().mockResolvedValue(due);
    let stored = defaultSettings;
    api.settings.mockReset().mockImplementation(async () => stored);
    api.saveSettings.mockReset().mockImplementation(async (settings: Settings) => (stored = settings));
    renderToday();
    fireEvent.click(await screen.findByText("提醒设置"));
    const toggle = await screen.findByLabelText<HTMLInputElement>("有新的待办时弹出桌面通知");
    await waitFor(() => expect(toggle.checked).toBe(true));
    fireEvent.click(toggle);
    await waitFor(() => expect(toggle.checked).toBe(false));
    expect(api.saveSettings).toHaveBeenLastCalledWith({ ...defaultSettings, desktop_notifications: false });
    fireEvent.click(toggle);
    await waitFor(() => expect(toggle.checked).toBe(true));
    expect(api.saveSettings).toHaveBeenLastCalledWith({ ...defaultSettings, desktop_notifications: true });
  });
});
