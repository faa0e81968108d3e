import { screen, fireEvent, within, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { FAR_PARTNER, searchBigTeam } from "./bigTeam";
import { mockApi } from "./mockApi";
import { renderInApp } from "./render";

const api = mockApi();
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), api }));
const { GroupsPage } = await import("../features/groups/GroupsPage");

const row = {
  id: 7,
  name: "<b>宝妈好物1群</b>",
  kind: "sales" as const,
  position_id: 3001000100,
  is_placeholder: false,
  month_estimate_fen: 12345,
  month_orders: 12,
  members: 188,
};

const saved = {
  id: 8,
  name: "新品试用群",
  kind: "deals" as const,
  position_id: 3001000999,
  owner_partner_id: null,
  owner_name: null,
  tags: ["宝妈", "母婴"],
  notes: "",
  wechat_created_on: null,
  unreadable: [] as string[],
  archived: false,
  members: [],
};

// Today's checklist with the noon post done or not, its score, and whether today counts.
function warmth(noonPosted: boolean, score: number, today: number) {
  return {
    today: [
      { item: "morning_greeting" as const, done: true },
      { item: "noon_post" as const, done: noonPosted },
    ],
    score,
    last_days: [1, 1, 1, 1, 1, 1, today],
  };
}

function renderGroups() {
  return renderInApp(<GroupsPage />);
}

describe("社群", () => {
  beforeEach(() => {
    api.listGroups.mockReset().mockResolvedValue({ items: [row], total: 1, offset: 0 });
    api.positionChoices
      .mockReset()
      .mockResolvedValue([{ id: 3001000100, name: "宝妈好物1群", bound_to: "<b>宝妈好物1群</b>" }]);
    api.createPosition.mockReset().mockResolvedValue({ id: 3001000999, name: "新品试用群", bound_to: null });
    api.createGroup.mockReset().mockResolvedValue(saved);
    api.archiveGroup.mockReset().mockResolvedValue(null);
  });

  it("lists groups with members, and shows names as text", async () => {
    renderGroups();
    const table = await screen.findByTestId("groups-table");
    expect(within(table).getByText("<b>宝妈好物1群</b>")).toBeTruthy();
    expect(within(table).getByText("188")).toBeTruthy();
    expect(table.querySelector("b")).toBeNull();
    expect(api.listGroups).toHaveBeenCalledWith(false, { offset: 0, limit: 50 });
  });

  it("creates a group bound to a position it creates on the platform", async () => {
    renderGroups();
    fireEvent.click(await screen.findByTestId("new-group"));
    const editor = await screen.findByTestId("group-editor");
    fireEvent.change(within(editor).getByLabelText("群名"), { target: { value: "新品试用群" } });
    fireEvent.change(within(editor).getByLabelText("类型"), { target: { value: "deals" } });
    fireEvent.change(within(editor).getByLabelText("标签"), { target: { value: "宝妈，母婴, " } });
    fireEvent.click(within(editor).getByTestId("create-position"));
    await waitFor(() => expect(api.createPosition).toHaveBeenCalledWith("新品试用群"));
    await waitFor(() => expect(within(editor).getByLabelText<HTMLSelectElement>("推广位").value).toBe("3001000999"));
    const select = within(editor).getByLabelText<HTMLSelectElement>("推广位");
    expect(select.options[select.selectedIndex].textContent).toContain("新品试用群（3001000999）");
    fireEvent.click(within(editor).getByRole("button", { name: "保存" }));
    await waitFor(() => expect(api.createGroup).toHaveBeenCalled());
    expect(api.createGroup.mock.calls[0][0]).toEqual({
      name: "新品试用群",
      kind: "deals",
      position_id: 3001000999,
      pdd_pid: "",
      taobao_adzone_id: "",
      owner_partner_id: null,
      tags: ["宝妈", "母婴"],
      notes: "",
      wechat_created_on: null,
    });
    expect(await within(editor).findByText("编辑「新品试用群」")).toBeTruthy();
  });

  it("shows a refused field's message beside it and keeps the draft", async () => {
    api.createGroup.mockRejectedValue({
      code: "Conflict",
      field: "position_id",
      key: "groups.position.bound",
      params: { holder: "<b>宝妈好物1群</b>" },
    });
    renderGroups();
    fireEvent.click(await screen.findByTestId("new-group"));
    const editor = await screen.findByTestId("group-editor");
    fireEvent.change(within(editor).getByLabelText("群名"), { target: { value: "二群" } });
    await waitFor(() => expect(within(editor).getAllByRole("option").length).toBeGreaterThan(1));
    fireEvent.change(within(editor).getByLabelText("推广位"), { target: { value: "3001000100" } });
    fireEvent.click(within(editor).getByRole("button", { name: "保存" }));
    expect(await within(editor).findByText(/已绑定到社群/)).toBeTruthy();
    expect(within(editor).getByLabelText<HTMLInputElement>("群名").value).toBe("二群");
    expect(within(editor).getByLabelText("推广位").getAttribute("aria-invalid")).toBe("true");
  });

  it("archives in one click and undoes it", async () => {
    renderGroups();
    fireEvent.click(await screen.findByRole("button", { name: "归档「<b>宝妈好物1群</b>」" }));
    await waitFor(() => expect(api.archiveGroup).toHaveBeenCalledWith(7, true));
    expect(await screen.findByText(/已归档「<b>宝妈好物1群<\/b>」/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "撤销" }));
    await waitFor(() => expect(api.archiveGroup).toHaveBeenLastCalledWith(7, false));
  });

  it("shows archived groups when asked, with a restore button", async () => {
    renderGroups();
    fireEvent.click(await screen.findByLabelText("查看已归档"));
    await waitFor(() => expect(api.listGroups).toHaveBeenLastCalledWith(true, { offset: 0, limit: 50 }));
    expect(await screen.findByRole("button", { name: "恢复「<b>宝妈好物1群</b>」" })).toBeTruthy();
  });
});

describe("群温度与洞察", () => {
  it("ticks today's habits and shows the 7-day score", async () => {
    api.listGroups.mockReset().mockResolvedValue({ items: [row], total: 1, offset: 0 });
    api.groupDetail.mockReset().mockResolvedValue({ ...saved, id: 7 });
    api.groupTemperature.mockReset().mockResolvedValue(warmth(false, 14, 0));
    api.setGroupCheck.mockReset().mockResolvedValue(warmth(true, 17, 1));
    renderGroups();
    fireEvent.click(await screen.findByRole("button", { name: "编辑「<b>宝妈好物1群</b>」" }));
    expect(await screen.findByText("近 7 天温度 14 分")).toBeTruthy();
    fireEvent.click(screen.getByLabelText("午间分享"));
    await waitFor(() => expect(api.setGroupCheck).toHaveBeenCalledWith(7, "noon_post", true));
    expect(await screen.findByText("近 7 天温度 17 分")).toBeTruthy();
  });

  it("says when the stored creation day is unreadable, at its field", async () => {
    api.listGroups.mockReset().mockResolvedValue({ items: [row], total: 1, offset: 0 });
    api.groupDetail.mockReset().mockResolvedValue({ ...saved, id: 7, unreadable: ["wechat_created_on"] });
    renderGroups();
    fireEvent.click(await screen.findByRole("button", { name: "编辑「<b>宝妈好物1群</b>」" }));
    const editor = await screen.findByTestId("group-editor");
    expect(await within(editor).findByText(/建群日期无法读取/)).toBeTruthy();
  });

  it("compares groups per member over a range with the size chart", async () => {
    api.groupStats.mockReset().mockResolvedValue([
      {
        group_id: 1,
        name: "大群",
        members: 250,
        estimate_fen: 50000,
        settled_fen: 20000,
        orders: 50,
        orders_per_member: 0.2,
        estimate_per_member_fen: 200,
      },
      {
        group_id: 2,
        name: "没记人数的群",
        members: null,
        estimate_fen: 0,
        settled_fen: 0,
        orders: 0,
        orders_per_member: null,
        estimate_per_member_fen: null,
      },
    ]);
    renderGroups();
    fireEvent.click(await screen.findByTestId("toggle-insights"));
    const table = await screen.findByTestId("group-stats");
    expect(within(table).getByText("0.20")).toBeTruthy();
    expect(within(table).getByText("¥2.00")).toBeTruthy();
    expect(within(table).getAllByText("—").length).toBe(3);
    expect(api.groupStats).toHaveBeenCalledWith(30);
    fireEvent.change(screen.getByLabelText("时间范围"), { target: { value: "7" } });
    await waitFor(() => expect(api.groupStats).toHaveBeenLastCalledWith(7));
    expect(screen.getByTestId("size-chart")).toBeTruthy();
  });
});

describe("群主", () => {
  it("is herself by default and can be a partner found by search", async () => {
    api.listGroups.mockReset().mockResolvedValue({ items: [row], total: 1, offset: 0 });
    api.createGroup.mockReset().mockResolvedValue(saved);
    api.listPartners.mockReset().mockResolvedValue({
      items: [
        {
          id: 42,
          name: "王芳",
          role: "shopkeeper",
          sub_union_id: null,
          parent_name: null,
          joined_on: null,
          is_placeholder: false,
          downline: 0,
          wechat: null,
          unreadable: [],
        },
      ],
      total: 1,
      offset: 0,
    });
    renderGroups();
    fireEvent.click(await screen.findByTestId("new-group"));
    const editor = await screen.findByTestId("group-editor");
    expect(within(editor).getByTestId("owner-name").textContent).toBe("我自己");
    fireEvent.change(within(editor).getByLabelText("搜索群主"), { target: { value: "王" } });
    fireEvent.click(within(editor).getByRole("button", { name: "查找" }));
    fireEvent.click(await within(editor).findByRole("button", { name: "王芳" }));
    expect(within(editor).getByTestId("owner-name").textContent).toBe("王芳");
    fireEvent.change(within(editor).getByLabelText("群名"), { target: { value: "王芳的群" } });
    fireEvent.click(within(editor).getByRole("button", { name: "保存" }));
    await waitFor(() => expect(api.createGroup.mock.calls[0][0].owner_partner_id).toBe(42));
  });

  it("finds a partner far beyond the first 200 with Enter, and says so when nobody matches", async () => {
    api.listPartners.mockReset().mockImplementation(searchBigTeam);
    renderGroups();
    fireEvent.click(await screen.findByTestId("new-group"));
    const editor = await screen.findByTestId("group-editor");
    const field = within(editor).getByLabelText("搜索群主");
    fireEvent.change(field, { target: { value: "没这个人" } });
    // Enter finds, and does not send the group form around the picker.
    expect(fireEvent.keyDown(field, { key: "Enter" })).toBe(false);
    expect(await within(editor).findByText(/^没有找到「没这个人」。试试名字的一部分/)).toBeTruthy();
    fireEvent.change(field, { target: { value: " 晓雨 " } });
    fireEvent.keyDown(field, { key: "Enter" });
    fireEvent.click(
      await within(editor).findByRole("button", { name: `${FAR_PARTNER.name}（${FAR_PARTNER.wechat}）` }),
    );
    expect(within(editor).getByTestId("owner-name").textContent).toBe(FAR_PARTNER.name);
    expect(api.listPartners).toHaveBeenLastCalledWith("晓雨", "name", { at: { kind: "first" }, limit: 10 });
    expect(within(editor).queryByText(/^没有找到/)).toBeNull();
  });
});
