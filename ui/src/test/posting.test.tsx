import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { Providers } from "../Providers";
import type { Material } from "../bindings/Material";
import type { Plan } from "../bindings/Plan";
import type { Post } from "../bindings/Post";
import { mockApi } from "./mockApi";
import { renderInApp } from "./render";

const api = mockApi();
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), api }));
const { PostingPage } = await import("../features/posting/PostingPage");
const { blankPlan } = await import("../features/posting/PlanEditor");

function post(id: number, group: string, due: string, extra: Partial<Post> = {}): Post {
  return {
    id,
    plan_id: 1,
    plan_title: "午间分享",
    group_id: id,
    group_name: group,
    day: "2026-11-23",
    due_at: 1_795_000_000 + id,
    due,
    material_id: 5,
    material_title: "午间分享·纸巾囤货",
    material_archived: false,
    status: "due",
    reason: null,
    logged_at: null,
    late: false,
    ticks: "noon_post",
    due_now: true,
    problem: null,
    unreadable: [],
    ...extra,
  };
}

const kit: Material = {
  id: 5,
  uid: "k".repeat(32),
  title: "午间分享·纸巾囤货",
  kind: "daily_kit",
  body: "中午好 {群名}",
  notes: "",
  tags: [],
  folder_id: null,
  product: null,
  expires_on: null,
  expired: false,
  archived_at: null,
  parts: [],
  revision: 1,
  uses: 0,
  last_used_at: null,
  updated_at: 0,
  unreadable: [],
};

function renderPage() {
  return renderInApp(<PostingPage />);
}

describe("the posting queue", () => {
  beforeEach(() => {
    api.postQueue.mockReset().mockResolvedValue({
      day: "2026-11-23",
      posts: [
        post(1, "宝妈好物1群", "12:00"),
        post(2, "宝妈好物2群", "20:00", { due_now: false }),
        post(3, "宝妈好物3群", "08:00", { due_now: false, status: "posted", late: true, logged_at: 1_795_000_000 }),
      ],
      next: post(2, "宝妈好物2群", "20:00", { due_now: false }),
      due_now: 1,
    });
    api.logPost.mockReset().mockResolvedValue(post(1, "宝妈好物1群", "12:00", { status: "posted" }));
    api.getMaterial.mockReset().mockResolvedValue(kit);
  });

  it("shows what is due now, what comes next and what was logged", async () => {
    renderPage();
    const due = await screen.findByTestId("posts-due");
    expect(within(due).getByText("宝妈好物1群")).toBeTruthy();
    expect(screen.getByTestId("post-next").textContent).toBe("下一条：20:00 宝妈好物2群（午间分享）");
    expect(within(screen.getByTestId("posts-later")).getByText("宝妈好物2群")).toBeTruthy();
    expect(within(screen.getByTestId("posts-logged")).getByTestId("post-logged").textContent).toBe("已发（晚了）");
    expect(screen.getByText("1 条到点")).toBeTruthy();
  });

  it("copies the kit for the post's group in one step and logs it posted", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    api.fillMaterial.mockReset().mockResolvedValue([
      {
        filled: { outcome: "ready", text: "中午好 宝妈好物1群 https://u.jd.com/Ab12xYz" },
        link: null,
        link_problem: null,
      },
    ]);
    renderPage();
    const row = within(await screen.findByTestId("posts-due")).getByTestId("post");
    fireEvent.click(within(row).getByRole("button", { name: "复制文案" }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith("中午好 宝妈好物1群 https://u.jd.com/Ab12xYz"));
    expect(api.fillMaterial).toHaveBeenCalledWith(
      5,
      { kind: "group", id: 1 },
      { group_name: null, nickname: null, link: null },
    );
    expect(api.recordMaterialUse).toHaveBeenCalledWith(5);
    fireEvent.click(within(row).getByRole("button", { name: "已发" }));
    await waitFor(() => expect(api.logPost).toHaveBeenCalledWith(1, { action: "posted" }));
  });

  it("asks why before skipping and keeps the reason typed when it is refused", async () => {
    api.logPost.mockReset().mockRejectedValueOnce({
      code: "Validation",
      key: "posting.reasonNeeded",
      params: { max: "200" },
      field: "reason",
    });
    renderPage();
    const row = within(await screen.findByTestId("posts-due")).getByTestId("post");
    fireEvent.click(within(row).getByRole("button", { name: "跳过" }));
    const reason = within(row).getByRole("textbox", { name: "跳过原因" });
    fireEvent.change(reason, { target: { value: " " } });
    fireEvent.click(within(row).getByRole("button", { name: "确认跳过" }));
    await waitFor(() => expect(api.logPost).toHaveBeenCalledWith(1, { action: "skipped", reason: " " }));
    expect(await within(row).findByText(/跳过时请写一句原因/)).toBeTruthy();
    expect(within(row).getByRole<HTMLInputElement>("textbox", { name: "跳过原因" }).value).toBe(" ");
  });

  it("moves one post to another time without touching its plan", async () => {
    api.changePost.mockReset().mockResolvedValue(post(1, "宝妈好物1群", "13:30"));
    renderPage();
    const row = within(await screen.findByTestId("posts-due")).getByTestId("post");
    fireEvent.click(within(row).getByRole("button", { name: "改时间" }));
    fireEvent.change(within(row).getByLabelText("几点"), { target: { value: "13:30" } });
    fireEvent.click(within(row).getByRole("button", { name: "只改这一条" }));
    await waitFor(() =>
      expect(api.changePost).toHaveBeenCalledWith(1, { day: "2026-11-23", time: "13:30", material_id: 5 }),
    );
    expect(api.updatePlan).not.toHaveBeenCalled();
  });

  it("says what to do when nothing is planned today", async () => {
    api.postQueue.mockReset().mockResolvedValue({ day: "2026-11-23", posts: [], next: null, due_now: 0 });
    renderPage();
    expect(await screen.findByText(/今天没有要发的帖子/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "去建发帖计划" }));
    expect(await screen.findByText(/还没有发帖计划/)).toBeTruthy();
  });
});

describe("the plan editor", () => {
  beforeEach(() => {
    api.listPlans.mockReset().mockResolvedValue([]);
    api.listGroups.mockReset().mockResolvedValue({ items: [], total: 0, offset: 0 });
    api.listMaterials.mockReset().mockResolvedValue({ items: [kit], total: 1, offset: 0 });
  });

  async function openEditor() {
    renderPage();
    fireEvent.click(await screen.findByRole("tab", { name: "发帖计划" }));
    fireEvent.click(await screen.findByTestId("new-plan"));
    return screen.findByTestId("plan-editor");
  }

  it("makes a noon plan for sales groups with a kit, ticking 午间分享", async () => {
    const saved: Plan = {
      id: 9,
      draft: blankPlan(),
      material_title: kit.title,
      problem: null,
      archived_at: null,
      unreadable: [],
    };
    api.createPlan.mockReset().mockResolvedValue(saved);
    const form = await openEditor();
    fireEvent.change(within(form).getByRole("textbox", { name: "计划名称" }), { target: { value: "午间分享" } });
    await waitFor(() => expect(within(form).getByRole("option", { name: kit.title })).toBeTruthy());
    fireEvent.change(within(form).getByRole("combobox", { name: /发什么/ }), { target: { value: "5" } });
    fireEvent.click(within(form).getByRole("button", { name: "保存计划" }));
    await waitFor(() => expect(api.createPlan).toHaveBeenCalled());
    const draft = api.createPlan.mock.calls[0][0];
    expect(draft).toMatchObject({
      title: "午间分享",
      audience: { by: "kind", kind: "sales" },
      cadence: "daily",
      time: "12:00",
      material_id: 5,
      ticks: "noon_post",
    });
    await waitFor(() => expect(screen.queryByTestId("plan-editor")).toBeNull());
  });

  it("shows a refusal at its field and keeps the draft", async () => {
    api.createPlan
      .mockReset()
      .mockRejectedValue({ code: "Validation", key: "posting.noGroups", params: {}, field: "audience" });
    const form = await openEditor();
    fireEvent.change(within(form).getByRole("textbox", { name: "计划名称" }), { target: { value: "培训夜" } });
    fireEvent.change(within(form).getByRole("combobox", { name: "群类型" }), { target: { value: "training" } });
    fireEvent.click(within(form).getByRole("button", { name: "保存计划" }));
    expect(await within(form).findByText(/这个计划没有群/)).toBeTruthy();
    expect(within(form).getByRole<HTMLInputElement>("textbox", { name: "计划名称" }).value).toBe("培训夜");
  });

  it("lists a plan whose stored start day is unreadable, saying so", async () => {
    const good: Plan = {
      id: 1,
      draft: blankPlan(),
      material_title: null,
      problem: null,
      archived_at: null,
      unreadable: [],
    };
    const bad: Plan = {
      ...good,
      id: 2,
      draft: { ...blankPlan(), title: "旧计划", start_on: null },
      unreadable: ["start_on"],
    };
    api.listPlans.mockReset().mockResolvedValue([good, bad]);
    renderPage();
    fireEvent.click(await screen.findByRole("tab", { name: "发帖计划" }));
    const plans = await screen.findAllByTestId("plan");
    expect(plans).toHaveLength(2);
    expect(within(plans[0]).queryByText(/无法读取/)).toBeNull();
    expect(within(plans[1]).getByText(/开始日期无法读取/)).toBeTruthy();
  });

  it("adds the daily rhythm's starters to an empty list", async () => {
    api.addStarterPlans.mockReset().mockResolvedValue([]);
    renderPage();
    fireEvent.click(await screen.findByRole("tab", { name: "发帖计划" }));
    fireEvent.click(await screen.findByRole("button", { name: "按日常节奏添加计划" }));
    await waitFor(() => expect(api.addStarterPlans).toHaveBeenCalled());
    expect(await screen.findByText(/还没有爆品群或培训群/)).toBeTruthy();
  });
});

describe("the post log", () => {
  it("lists a post whose stored day is unreadable with the rest, saying so", async () => {
    const sold = { orders: 3, estimate_fen: 120 };
    const logged = { status: "posted" as const, logged_at: 1_795_000_000, due_now: false };
    api.postLog.mockReset().mockResolvedValue([
      { post: post(1, "宝妈好物1群", "12:00", logged), hours: 2, after: sold, usual: null, credited: null },
      {
        post: post(2, "宝妈好物2群", "12:00", { ...logged, day: null, unreadable: ["day"] }),
        hours: 2,
        after: sold,
        usual: null,
        credited: null,
      },
    ]);
    renderPage();
    fireEvent.click(await screen.findByRole("tab", { name: "发帖记录与效果" }));
    const rows = await screen.findAllByTestId("log-row");
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).queryByText(/无法读取/)).toBeNull();
    expect(within(rows[1]).getByText(/改到的日期无法读取/)).toBeTruthy();
  });
});

describe("a material's record as a post", () => {
  it("shows times posted, orders after and where it sold best", async () => {
    const { MaterialPosts } = await import("../features/posting/MaterialPosts");
    api.materialRecord.mockReset().mockResolvedValue({
      material_id: 5,
      posted: 4,
      after: { orders: 12, estimate_fen: 3450 },
      best_groups: [{ group_id: 1, name: "宝妈好物1群", posts: 2, sales: { orders: 9, estimate_fen: 3000 } }],
      best_hours: [{ hour: 12, sales: { orders: 9, estimate_fen: 3000 } }],
    });
    render(
      <Providers>
        <MaterialPosts materialId={5} />
      </Providers>,
    );
    const shown = await screen.findByTestId("material-posts");
    expect(shown.textContent).toContain("发过 4 次，发后共 12 单，预估佣金 ¥34.50");
    expect(shown.textContent).toContain("宝妈好物1群（9）");
    expect(shown.textContent).toContain("12:00");
  });
});
