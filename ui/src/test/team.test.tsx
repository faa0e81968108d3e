import { screen, fireEvent, within, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockApi } from "./mockApi";
import { renderInApp } from "./render";

const api = mockApi();
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), api }));
const { TeamPage } = await import("../features/team/TeamPage");

const summary = (id: number, name: string) => ({
  id,
  name,
  role: "maker" as const,
  sub_union_id: `p${id}`,
  parent_name: null,
  joined_on: "2025-03-08",
  is_placeholder: false,
  downline: 2,
  wechat: "wa*****g1",
  unreadable: [] as string[],
});

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
  tags: ["宝妈"],
  is_placeholder: false,
  stage: "sharing_consumer" as const,
  stage_orders: 42,
  stage_days: 18,
  direct_downline: 3,
  whole_downline: 17,
  own: { estimate_fen: 12345, actual_fen: 6789, orders: 42 },
  team: { estimate_fen: 987654, actual_fen: 123456, orders: 610 },
};

function renderTeam() {
  return renderInApp(<TeamPage />);
}

// The team: 王芳 and 李娜, each opening as `detail`.
function twoPartners() {
  api.listPartners.mockReset().mockResolvedValue({
    items: [summary(1, "王芳"), summary(2, "李娜")],
    total: 2,
    more_before: false,
    more_after: false,
    restarted: false,
  });
  api.partnerDetail.mockReset().mockResolvedValue(detail);
}

describe("团队", () => {
  beforeEach(() => {
    twoPartners();
    api.movePartner.mockReset().mockResolvedValue(null);
  });

  it("searches and sorts on the engine, with contacts masked in the list", async () => {
    renderTeam();
    expect(await screen.findAllByText("wa*****g1")).toHaveLength(2);
    fireEvent.change(screen.getByTestId("team-search"), { target: { value: "王" } });
    await waitFor(() =>
      expect(api.listPartners).toHaveBeenLastCalledWith("王", "added", { at: { kind: "first" }, limit: 50 }),
    );
    fireEvent.change(screen.getByLabelText("排序"), { target: { value: "joined" } });
    await waitFor(() =>
      expect(api.listPartners).toHaveBeenLastCalledWith("王", "joined", { at: { kind: "first" }, limit: 50 }),
    );
  });

  it("lists a partner whose stored joining day cannot be read, and says so", async () => {
    const unreadable = { ...summary(2, "李娜"), joined_on: null, unreadable: ["joined_on"] };
    api.listPartners.mockReset().mockResolvedValue({
      items: [summary(1, "王芳"), unreadable],
      total: 2,
      more_before: false,
      more_after: false,
      restarted: false,
    });
    api.partnerDetail.mockReset().mockResolvedValue({ ...detail, joined_on: null, unreadable: ["joined_on"] });
    renderTeam();
    expect(await screen.findByText("无法读取，请编辑后重新填写")).toBeTruthy();
    expect(screen.getByText("2025-03-08")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "查看「李娜」的详情" }));
    const panel = await screen.findByTestId("partner-panel");
    expect(await within(panel).findByText("无法读取，请编辑后重新填写")).toBeTruthy();
  });

  it("opens a partner with her own and downline earnings, her stage and its rule", async () => {
    renderTeam();
    fireEvent.click(await screen.findByRole("button", { name: "查看「王芳」的详情" }));
    const panel = await screen.findByTestId("partner-panel");
    const earnings = await within(panel).findByTestId("partner-earnings");
    expect(within(earnings).getByText("¥123.45")).toBeTruthy();
    expect(within(earnings).getByText("¥9,876.54")).toBeTruthy();
    expect(within(panel).getByTestId("partner-stage").textContent).toContain("分享型消费者");
    expect(within(panel).getByText(/阶段规则/)).toBeTruthy();
    expect(within(panel).getByText("138****8000")).toBeTruthy();
    expect(api.partnerDetail).toHaveBeenLastCalledWith(1, 30, false);
    fireEvent.click(within(panel).getByLabelText("显示完整联系方式"));
    await waitFor(() => expect(api.partnerDetail).toHaveBeenLastCalledWith(1, 30, true));
  });

  it("moves a partner only after confirmation, and shows a refused cycle", async () => {
    renderTeam();
    fireEvent.click(await screen.findByRole("button", { name: "查看「王芳」的详情" }));
    const panel = await screen.findByTestId("partner-panel");
    fireEvent.change(await within(panel).findByLabelText("搜索新上级"), { target: { value: "李" } });
    fireEvent.click(within(panel).getByRole("button", { name: "查找" }));
    fireEvent.click(await within(panel).findByRole("button", { name: "移到她名下" }));
    expect(api.movePartner).not.toHaveBeenCalled();
    const dialog = within(panel).getByRole("alertdialog");
    expect(dialog.textContent).toContain("把「王芳」连同她的全部下级移到「李娜」名下？");
    api.movePartner.mockRejectedValueOnce({
      code: "Conflict",
      field: "new_parent",
      key: "team.move.cycle",
      params: {},
    });
    fireEvent.click(within(dialog).getByRole("button", { name: "确认移动" }));
    expect(await within(panel).findByText(/会形成环/)).toBeTruthy();
    expect(api.movePartner).toHaveBeenCalledWith(1, 2, true);
  });
});

describe("师父", () => {
  beforeEach(() => {
    twoPartners();
  });

  it("makes a found partner her mentor in one click", async () => {
    renderTeam();
    fireEvent.click(await screen.findByRole("button", { name: "查看「王芳」的详情" }));
    const panel = await screen.findByTestId("partner-panel");
    fireEvent.click(await within(panel).findByRole("button", { name: "查找" }));
    fireEvent.click(await within(panel).findByRole("button", { name: "设为师父" }));
    await waitFor(() => expect(api.setMentor).toHaveBeenCalledWith(1, 2));
  });
});

describe("树形视图", () => {
  it("reads one level at a time as branches open", async () => {
    api.listPartners
      .mockReset()
      .mockResolvedValue({ items: [], total: 0, more_before: false, more_after: false, restarted: false });
    api.partnerChildren.mockReset().mockImplementation(async (parent: number | null) =>
      parent === null
        ? { items: [summary(1, "王芳")], total: 1, more_before: false, more_after: false, restarted: false }
        : {
            items: [{ ...summary(2, "李娜"), downline: 0 }],
            total: 1,
            more_before: false,
            more_after: false,
            restarted: false,
          },
    );
    renderTeam();
    fireEvent.click(await screen.findByTestId("toggle-tree"));
    const tree = await screen.findByTestId("team-tree");
    expect(await within(tree).findByText("王芳")).toBeTruthy();
    expect(api.partnerChildren).toHaveBeenCalledTimes(1);
    fireEvent.click(within(tree).getByRole("button", { name: "展开「王芳」的下级" }));
    expect(await within(tree).findByText("李娜")).toBeTruthy();
    expect(api.partnerChildren).toHaveBeenLastCalledWith(1, { at: { kind: "first" }, limit: 50 });
  });
});

describe("树形视图的「再显示」", () => {
  it("reads the next children after the last one shown", async () => {
    const more = { total: 2, more_before: false, restarted: false };
    api.listPartners
      .mockReset()
      .mockResolvedValue({ items: [], total: 0, more_before: false, more_after: false, restarted: false });
    api.partnerChildren
      .mockReset()
      .mockImplementation(async (_parent: number | null, page: { at: { kind: string } }) =>
        page.at.kind === "first"
          ? { ...more, items: [summary(7, "王芳")], more_after: true }
          : { ...more, items: [summary(9, "李娜")], more_before: true, more_after: false },
      );
    renderTeam();
    fireEvent.click(await screen.findByTestId("toggle-tree"));
    const tree = await screen.findByTestId("team-tree");
    fireEvent.click(await within(tree).findByRole("button", { name: "再显示 1 位" }));
    expect(await within(tree).findByText("李娜")).toBeTruthy();
    expect(api.partnerChildren).toHaveBeenLastCalledWith(null, { at: { kind: "after", id: 7 }, limit: 50 });
    expect(within(tree).queryByRole("button", { name: /再显示/ })).toBeNull();
  });
});

describe("伙伴资料", () => {
  beforeEach(() => {
    api.listPartners.mockReset().mockResolvedValue({
      items: [summary(1, "王芳")],
      total: 1,
      more_before: false,
      more_after: false,
      restarted: false,
    });
    api.partnerDetail
      .mockReset()
      .mockImplementation(async (_id: number, _days: number, reveal: boolean) =>
        reveal ? { ...detail, wechat: "wangfang88", phone: "13800138000" } : detail,
      );
    api.updatePartner.mockReset().mockResolvedValue(null);
    api.createPartner.mockReset();
  });

  it("edits her details with contacts revealed, keeping the draft when a field is refused", async () => {
    renderTeam();
    fireEvent.click(await screen.findByRole("button", { name: "查看「王芳」的详情" }));
    const panel = await screen.findByTestId("partner-panel");
    fireEvent.click(await within(panel).findByTestId("edit-partner"));
    const form = await within(panel).findByTestId("partner-form");
    const phone = within(form).getByLabelText<HTMLInputElement>("手机");
    expect(phone.value).toBe("13800138000");
    expect(within(form).getByLabelText<HTMLInputElement>("标签").value).toBe("宝妈");
    fireEvent.change(phone, { target: { value: "1380013800" } });
    fireEvent.change(within(form).getByLabelText("备注"), { target: { value: "周三培训" } });
    api.updatePartner.mockRejectedValueOnce({
      code: "Validation",
      field: "phone",
      key: "field.phone",
      params: { value: "123" },
    });
    fireEvent.click(within(form).getByRole("button", { name: "保存" }));
    expect(await within(form).findByText("手机号应为 11 位大陆手机号（如 13800138000）：123")).toBeTruthy();
    expect(within(form).getByLabelText("手机").getAttribute("aria-invalid")).toBe("true");
    expect(within(form).getByLabelText<HTMLTextAreaElement>("备注").value).toBe("周三培训");

    fireEvent.change(within(form).getByLabelText("手机"), { target: { value: "13800138001" } });
    fireEvent.click(within(form).getByRole("button", { name: "保存" }));
    await waitFor(() => expect(screen.queryByTestId("partner-form")).toBeNull());
    expect(api.updatePartner).toHaveBeenLastCalledWith(1, {
      name: "王芳",
      role: "shopkeeper",
      wechat: "wangfang88",
      phone: "13800138001",
      sub_union_id: "p1",
      pdd_uid: "",
      taobao_id: "",
      joined_on: "2025-03-08",
      tags: ["宝妈"],
      notes: "周三培训",
    });
  });

  it("saves her 多多进宝 uid, and says who holds one already claimed", async () => {
    api.partnerDetail.mockImplementation(async () => ({ ...detail, pdd_uid: null, taobao_id: "2718281828" }));
    renderTeam();
    fireEvent.click(await screen.findByRole("button", { name: "查看「王芳」的详情" }));
    const panel = await screen.findByTestId("partner-panel");
    fireEvent.click(await within(panel).findByTestId("edit-partner"));
    const form = await within(panel).findByTestId("partner-form");
    expect(within(form).getByLabelText<HTMLInputElement>("淘宝渠道ID").value).toBe("2718281828");
    const uid = within(form).getByLabelText<HTMLInputElement>("多多进宝 uid");
    fireEvent.change(uid, { target: { value: "p12" } });
    api.updatePartner.mockRejectedValueOnce({
      code: "Conflict",
      field: "pdd_uid",
      key: "team.contact.taken",
      params: { other: "李娜" },
    });
    fireEvent.click(within(form).getByRole("button", { name: "保存" }));
    expect(await within(form).findByText("已属于伙伴「李娜」")).toBeTruthy();
    expect(within(form).getByLabelText("多多进宝 uid").getAttribute("aria-invalid")).toBe("true");

    fireEvent.change(within(form).getByLabelText("多多进宝 uid"), { target: { value: "p13" } });
    fireEvent.click(within(form).getByRole("button", { name: "保存" }));
    await waitFor(() => expect(screen.queryByTestId("partner-form")).toBeNull());
    expect(api.updatePartner).toHaveBeenLastCalledWith(
      1,
      expect.objectContaining({ sub_union_id: "p1", pdd_uid: "p13", taobao_id: "2718281828" }),
    );
  });

  it("adds a partner at the top and opens her", async () => {
    api.createPartner.mockResolvedValueOnce(1);
    renderTeam();
    fireEvent.click(await screen.findByTestId("add-partner"));
    const form = await screen.findByTestId("partner-form");
    fireEvent.change(within(form).getByLabelText("姓名"), { target: { value: "王芳" } });
    fireEvent.change(within(form).getByLabelText("标签"), { target: { value: "宝妈，夜猫子" } });
    fireEvent.click(within(form).getByRole("button", { name: "保存" }));
    expect(await screen.findByTestId("partner-panel")).toBeTruthy();
    expect(api.createPartner).toHaveBeenCalledWith(
      expect.objectContaining({ name: "王芳", role: "member", tags: ["宝妈", "夜猫子"] }),
      null,
    );
  });
});
