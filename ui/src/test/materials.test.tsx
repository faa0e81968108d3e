import { screen, fireEvent, within, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AppError } from "../bindings/AppError";
import type { Copied } from "../bindings/Copied";
import type { Material } from "../bindings/Material";
import type { Variable } from "../bindings/Variable";
import { FAR_PARTNER, searchBigTeam } from "./bigTeam";
import { mockApi } from "./mockApi";
import { renderInApp } from "./render";

const api = mockApi();
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), api }));
const { MaterialsPage } = await import("../features/materials/MaterialsPage");

const material: Material = {
  id: 5,
  uid: "0123456789abcdef0123456789abcdef",
  title: "<b>红包</b>雨开场",
  kind: "script",
  body: "今晚八点发红包🧧\n先到先得",
  notes: "",
  tags: ["红包"],
  folder_id: null,
  product: null,
  expires_on: null,
  parts: [],
  expired: false,
  archived_at: null,
  revision: 2,
  uses: 0,
  last_used_at: null,
  updated_at: 1796112000,
  unreadable: [],
};

function ready(text: string): Copied {
  return { filled: { outcome: "ready", text }, link: null, link_problem: null };
}

function renderLibrary() {
  return renderInApp(<MaterialsPage />);
}

// Opens the library and picks a pack file; answers with the file and its preview.
async function previewPack() {
  renderLibrary();
  const file = new File(["PK"], "新人培训.tzpack");
  fireEvent.change(screen.getByTestId("pack-file"), { target: { files: [file] } });
  return { file, preview: await screen.findByTestId("pack-preview") };
}

// Copies the library's one material while the store first asks for
// `variables` (saying `problem` about the link), then fills it as `text`;
// answers with the form that asks.
async function copyAsked(variables: Variable[], problem: string, text: string) {
  api.fillMaterial
    .mockReset()
    .mockResolvedValueOnce([
      { filled: { outcome: "needs", variables }, link: null, link_problem: { key: problem, params: {} } },
    ])
    .mockResolvedValueOnce([ready(text)]);
  renderLibrary();
  fireEvent.click(within(await screen.findByTestId("material")).getByRole("button", { name: "复制" }));
  return screen.findByTestId("copy-for");
}

describe("素材库", () => {
  beforeEach(() => {
    api.listMaterials.mockReset().mockResolvedValue({ items: [material], total: 1, offset: 0 });
    api.searchMaterials.mockReset().mockResolvedValue({
      hits: [
        {
          material,
          title: [
            { text: "<b>", hit: false },
            { text: "红包", hit: true },
            { text: "</b>雨开场", hit: false },
          ],
          snippet: [
            { text: "今晚八点发", hit: false },
            { text: "红包", hit: true },
          ],
        },
      ],
      more: false,
    });
    api.createMaterial.mockReset();
    api.updateMaterial.mockReset();
    api.recordMaterialUse.mockReset().mockResolvedValue({ ...material, uses: 1, last_used_at: 1796112060 });
    api.setMaterialArchived.mockReset().mockResolvedValue({ ...material, archived_at: 1796112060 });
  });

  it("lists materials with their text as written, markup shown as text", async () => {
    renderLibrary();
    const item = await screen.findByTestId("material");
    expect(within(item).getByText("<b>红包</b>雨开场")).toBeTruthy();
    expect(item.querySelector("b")).toBeNull();
    expect(within(item).getByText("话术")).toBeTruthy();
  });

  it("searches as she types and marks the hits", async () => {
    renderLibrary();
    fireEvent.change(screen.getByRole("searchbox", { name: "搜索素材" }), { target: { value: "红包" } });
    const hits = await screen.findByTestId("search-hits");
    expect(api.searchMaterials).toHaveBeenCalledWith("红包");
    const marks = hits.querySelectorAll("mark");
    expect([...marks].map((m) => m.textContent)).toEqual(["红包", "红包"]);
    expect(hits.querySelector("b")).toBeNull();
    fireEvent.keyDown(screen.getByRole("searchbox", { name: "搜索素材" }), { key: "Escape" });
    expect(screen.getByRole<HTMLInputElement>("searchbox", { name: "搜索素材" }).value).toBe("");
    expect(await screen.findByTestId("material")).toBeTruthy();
  });

  it("copies the filled text exactly and counts the use", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    api.fillMaterial.mockReset().mockResolvedValue([ready("今晚八点发红包🧧\n先到先得")]);
    renderLibrary();
    fireEvent.click(within(await screen.findByTestId("material")).getByRole("button", { name: "复制" }));
    await waitFor(() => expect(api.recordMaterialUse).toHaveBeenCalledWith(5));
    expect(writeText).toHaveBeenCalledWith("今晚八点发红包🧧\n先到先得");
  });

  it("asks for what a copy cannot know and copies nothing until it is given", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    api.listGroups.mockReset().mockResolvedValue({
      items: [
        {
          id: 1,
          name: "宝妈好物1群",
          kind: "sales",
          position_id: 1,
          is_placeholder: false,
          month_estimate_fen: 0,
          month_orders: 0,
          members: null,
        },
      ],
      total: 1,
      offset: 0,
    });
    const form = await copyAsked(
      ["group_name", "link"],
      "links.unknownTarget",
      "欢迎来到宝妈好物1群 https://u.jd.com/AbC12xY",
    );
    expect(writeText).not.toHaveBeenCalled();
    const copy = within(form).getByRole<HTMLButtonElement>("button", { name: "填好并预览" });
    expect(copy.disabled).toBe(true);
    // Choosing the group is enough: its name and its link are the store's to fill.
    await within(form).findByRole("option", { name: "宝妈好物1群" });
    fireEvent.change(within(form).getByRole("combobox", { name: "发到" }), { target: { value: "group:1" } });
    expect(within(form).queryByRole("textbox")).toBeNull();
    fireEvent.click(copy);
    await waitFor(() => expect(writeText).toHaveBeenCalledWith("欢迎来到宝妈好物1群 https://u.jd.com/AbC12xY"));
    expect(api.fillMaterial).toHaveBeenLastCalledWith(
      5,
      { kind: "group", id: 1 },
      { group_name: null, nickname: null, link: null },
    );
  });

  it("prepares a copy for a partner far beyond the first 200, found by search", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    api.listPartners.mockReset().mockImplementation(searchBigTeam);
    const form = await copyAsked(["nickname", "link"], "links.unknownTarget", "周晓雨你好 https://u.jd.com/Zx9Yu00");
    const chooser = within(form).getByRole<HTMLSelectElement>("combobox", { name: "发到" });
    fireEvent.change(chooser, { target: { value: "find:partner" } });
    const field = within(form).getByLabelText("搜索要发给的伙伴");
    fireEvent.change(field, { target: { value: "没这个人" } });
    expect(fireEvent.keyDown(field, { key: "Enter" })).toBe(false);
    expect(await within(form).findByText(/^没有找到「没这个人」/)).toBeTruthy();
    fireEvent.change(field, { target: { value: "晓雨" } });
    fireEvent.keyDown(field, { key: "Enter" });
    fireEvent.click(await within(form).findByRole("button", { name: `${FAR_PARTNER.name}（${FAR_PARTNER.wechat}）` }));
    // The chooser now names her, and her nickname is the store's to fill.
    expect(chooser.value).toBe(`partner:${FAR_PARTNER.id}`);
    expect(within(chooser).getByRole<HTMLOptionElement>("option", { name: FAR_PARTNER.name }).selected).toBe(true);
    expect(within(form).queryByLabelText("搜索要发给的伙伴")).toBeNull();
    expect(within(form).queryByRole("textbox")).toBeNull();
    fireEvent.click(within(form).getByRole("button", { name: "填好并预览" }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith("周晓雨你好 https://u.jd.com/Zx9Yu00"));
    expect(api.fillMaterial).toHaveBeenLastCalledWith(
      5,
      { kind: "partner", id: FAR_PARTNER.id },
      { group_name: null, nickname: null, link: null },
    );
  });

  it("asks for the link by hand, saying why, when none can be made", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    const form = await copyAsked(["link"], "links.notConnected", "抢 https://u.jd.com/typed");
    expect(within(form).getByTestId("link-problem").textContent).toMatch(/还没有连接京东联盟账号/);
    fireEvent.change(within(form).getByRole("textbox", { name: /推广链接/ }), {
      target: { value: "https://u.jd.com/typed" },
    });
    fireEvent.click(within(form).getByRole("button", { name: "填好并预览" }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith("抢 https://u.jd.com/typed"));
  });

  it("previews a kit in posting order and copies each part, counting one use", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    const hash = "a".repeat(64);
    const kit: Material = {
      ...material,
      id: 6,
      title: "早安问候",
      kind: "daily_kit",
      parts: [{ kind: "image", image: hash }, { kind: "link" }, { kind: "image", image: "b".repeat(64) }],
    };
    api.listMaterials.mockReset().mockResolvedValue({ items: [kit], total: 1, offset: 0 });
    api.fillMaterial.mockReset().mockResolvedValue([ready("早上好宝妈好物1群"), ready("https://u.jd.com/AbC12xY")]);
    renderLibrary();
    const item = await screen.findByTestId("material");
    expect(
      item.querySelectorAll('[data-testid="material-pictures"] .picture, [data-testid="material-pictures"] [aria-busy]')
        .length,
    ).toBe(2);
    fireEvent.click(within(item).getByRole("button", { name: "复制" }));
    const chat = await screen.findByTestId("chat-preview");
    const bubbles = [...chat.querySelectorAll(".bubble")].map((b) => b.className.replace("bubble bubble-", ""));
    expect(bubbles).toEqual(["text", "image", "text", "image"]);
    expect(chat.textContent).toContain("https://u.jd.com/AbC12xY");
    const copyButtons = within(chat).getAllByRole("button", { name: "复制这段" });
    fireEvent.click(copyButtons[1]);
    await waitFor(() => expect(writeText).toHaveBeenCalledWith("https://u.jd.com/AbC12xY"));
    fireEvent.click(copyButtons[0]);
    await waitFor(() => expect(writeText).toHaveBeenCalledWith("早上好宝妈好物1群"));
    expect(api.recordMaterialUse).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole("tab", { name: "朋友圈预览" }));
    expect(screen.getByTestId("moments-preview").querySelector(".nine-grid-2")).toBeTruthy();
  });

  it("adds dropped pictures to a kit and names a refused file with its reason", async () => {
    api.addPicture.mockReset().mockImplementation(async (file: File) => {
      const refusal: AppError = { code: "Validation", key: "media.notAnImage", params: {}, field: "parts" };
      if (file.name === "notes.png") throw refusal;
      return { hash: "c".repeat(64), format: "png", width: 10, height: 10, bytes: 100 };
    });
    api.createMaterial.mockReset().mockResolvedValue(material);
    renderLibrary();
    fireEvent.click(screen.getByRole("button", { name: "新建素材" }));
    const editor = await screen.findByTestId("material-editor");
    const good = new File([new Uint8Array([137, 80, 78, 71])], "早安.png", { type: "image/png" });
    const bad = new File(["hello"], "notes.png", { type: "image/png" });
    fireEvent.drop(within(editor).getByTestId("picture-drop"), { dataTransfer: { files: [good, bad] } });
    expect((await within(editor).findByTestId("picture-refused")).textContent).toMatch(/notes\.png：这个文件不是图片/);
    await waitFor(() => expect(editor.querySelectorAll('.part[data-kind="image"]').length).toBe(1));
    fireEvent.change(within(editor).getByLabelText("标题"), { target: { value: "早安" } });
    fireEvent.change(within(editor).getByLabelText("内容（可直接复制到微信）"), { target: { value: "早上好" } });
    fireEvent.click(within(editor).getByRole("button", { name: "保存" }));
    await waitFor(() =>
      expect(api.createMaterial).toHaveBeenCalledWith(
        expect.objectContaining({ parts: [{ kind: "image", image: "c".repeat(64) }] }),
      ),
    );
  });

  it("keeps the draft and shows the field's message when a save is refused", async () => {
    api.createMaterial.mockRejectedValue({
      code: "invalid",
      key: "materials.productInvalid",
      params: {},
      field: "product",
    });
    renderLibrary();
    fireEvent.click(screen.getByRole("button", { name: "新建素材" }));
    const editor = await screen.findByTestId("material-editor");
    fireEvent.change(within(editor).getByLabelText("标题"), { target: { value: "面膜上新" } });
    fireEvent.change(within(editor).getByLabelText("内容（可直接复制到微信）"), { target: { value: "补水面膜" } });
    fireEvent.change(within(editor).getByLabelText("标签"), { target: { value: "面膜，新品" } });
    fireEvent.change(within(editor).getByLabelText("商品（京东商品链接或 SKU）"), {
      target: { value: "evil.example" },
    });
    fireEvent.click(within(editor).getByRole("button", { name: "保存" }));
    expect(await within(editor).findByText(/请填写京东商品链接/)).toBeTruthy();
    expect(api.createMaterial).toHaveBeenCalledWith(
      expect.objectContaining({ title: "面膜上新", body: "补水面膜", tags: ["面膜", "新品"], product: "evil.example" }),
    );
    expect(within(editor).getByLabelText<HTMLInputElement>("标题").value).toBe("面膜上新");
  });

  it("saves an edit on the revision it was opened on", async () => {
    api.updateMaterial.mockResolvedValue({ ...material, revision: 3 });
    renderLibrary();
    fireEvent.click(within(await screen.findByTestId("material")).getByRole("button", { name: "编辑" }));
    const editor = await screen.findByTestId("material-editor");
    fireEvent.change(within(editor).getByLabelText("标题"), { target: { value: "红包雨" } });
    fireEvent.click(within(editor).getByRole("button", { name: "保存" }));
    await waitFor(() =>
      expect(api.updateMaterial).toHaveBeenCalledWith(5, 2, expect.objectContaining({ title: "红包雨" })),
    );
  });

  it("archives with an undo", async () => {
    api.setMaterialArchived.mockResolvedValueOnce({ ...material, archived_at: 1796112060 });
    api.setMaterialArchived.mockResolvedValueOnce(material);
    renderLibrary();
    fireEvent.click(within(await screen.findByTestId("material")).getByRole("button", { name: "归档" }));
    fireEvent.click(await screen.findByRole("button", { name: "撤销" }));
    await waitFor(() => expect(api.setMaterialArchived).toHaveBeenLastCalledWith(5, false));
  });

  it("previews a pack item by item and imports it with her choice for a conflict", async () => {
    api.packPreview.mockReset().mockResolvedValue({
      manifest: {
        format_version: 1,
        pack_id: "folder-x",
        pack_version: 2,
        title: "文件夹「新人培训」",
        publisher: "王老师",
        created: "2026-12-01 08:00:00",
        counts: { folders: 1, materials: 2, media: 0, courses: 1 },
        entries: [],
        includes_notes: false,
      },
      imported_version: null,
      items: [
        { uid: "a", title: "第 1 课", state: "new", mine_title: null },
        { uid: "b", title: "培训总纲", state: "conflict", mine_title: "我的总纲" },
      ],
      courses: [{ uid: "c".repeat(32), title: "新人七天训练营", state: "new" }],
      tally: {
        new: 1,
        updated: 0,
        unchanged: 0,
        conflict: 1,
        foreign: 0,
        older: 0,
        kept_mine: 0,
        kept_both: 0,
        courses: 0,
      },
    });
    api.packImport.mockReset().mockResolvedValue({
      new: 1,
      updated: 0,
      unchanged: 0,
      conflict: 0,
      foreign: 0,
      older: 0,
      kept_mine: 0,
      kept_both: 1,
      courses: 1,
    });
    const { preview, file } = await previewPack();
    expect(within(preview).getByText(/来自 王老师 · 第 2 版/)).toBeTruthy();
    expect(within(preview).getByText("（我这边叫「我的总纲」）")).toBeTruthy();
    expect(within(preview).getByText("课程「新人七天训练营」（课程里的每一课一并导入）")).toBeTruthy();
    fireEvent.change(within(preview).getByRole("combobox", { name: "「培训总纲」怎么处理" }), {
      target: { value: "both" },
    });
    fireEvent.click(within(preview).getByRole("button", { name: "导入" }));
    expect(await screen.findByTestId("pack-imported")).toBeTruthy();
    expect(api.packImport).toHaveBeenCalledWith(file, "mine", { b: "both" });
  });
  it("names another source's items and an older version's, and lets her choose for a course", async () => {
    api.packPreview.mockReset().mockResolvedValue({
      manifest: {
        format_version: 1,
        pack_id: "folder-y",
        pack_version: 1,
        title: "文件夹「新人培训」",
        publisher: "李老师",
        created: "2026-12-01 08:00:00",
        counts: { folders: 1, materials: 2, media: 0, courses: 1 },
        entries: [],
        includes_notes: false,
      },
      imported_version: 3,
      items: [
        { uid: "a", title: "第 1 课", state: "older", mine_title: null },
        { uid: "b", title: "培训总纲", state: "foreign", mine_title: null },
      ],
      courses: [{ uid: "c".repeat(32), title: "新人七天训练营", state: "foreign" }],
      tally: {
        new: 0,
        updated: 0,
        unchanged: 0,
        conflict: 0,
        foreign: 1,
        older: 1,
        kept_mine: 0,
        kept_both: 0,
        courses: 0,
      },
    });
    api.packImport.mockReset().mockResolvedValue({
      new: 0,
      updated: 0,
      unchanged: 0,
      conflict: 0,
      foreign: 0,
      older: 1,
      kept_mine: 1,
      kept_both: 1,
      courses: 1,
    });
    const { preview, file } = await previewPack();
    expect(
      within(preview).getByText("新增 0 · 更新 0 · 没有变化 0 · 冲突 0 · 来自其他来源 1 · 较旧版本 1"),
    ).toBeTruthy();
    expect(within(preview).getByTestId("pack-foreign").textContent).toContain("默认保留你的");
    expect(within(preview).getByTestId("pack-older").textContent).toContain("第 3 版");
    const older = preview.querySelector('[data-state="older"]') as HTMLElement;
    expect(within(older).getByText("较旧版本")).toBeTruthy();
    expect(within(older).queryByRole("combobox")).toBeNull();
    const foreign = within(preview).getByRole<HTMLSelectElement>("combobox", { name: "「培训总纲」怎么处理" });
    expect(foreign.value).toBe("mine");
    fireEvent.change(within(preview).getByRole("combobox", { name: "「新人七天训练营」怎么处理" }), {
      target: { value: "both" },
    });
    fireEvent.click(within(preview).getByRole("button", { name: "导入" }));
    expect((await screen.findByTestId("pack-imported")).textContent).toContain("1 条是较旧版本、没有改动");
    expect(api.packImport).toHaveBeenCalledWith(file, "mine", { ["c".repeat(32)]: "both" });
  });

  it("exports a pack without her private notes unless she ticks the box", async () => {
    api.materialTags.mockResolvedValue([["新人", 2]]);
    api.exportPack.mockReset().mockResolvedValue("/下载/素材包.tzpack");
    renderLibrary();
    fireEvent.click(await screen.findByRole("button", { name: /新人/ }));
    const includeNotes = await screen.findByRole<HTMLInputElement>("checkbox", {
      name: "连同私人备注一起导出（默认不导出，备注只留在本机）",
    });
    expect(includeNotes.checked).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "导出为素材包" }));
    await waitFor(() => expect(api.exportPack).toHaveBeenLastCalledWith(null, "新人", false));
    fireEvent.click(includeNotes);
    fireEvent.click(screen.getByRole("button", { name: "导出为素材包" }));
    await waitFor(() => expect(api.exportPack).toHaveBeenLastCalledWith(null, "新人", true));
  });
});
