import { render, screen, fireEvent, within, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { Providers } from "../Providers";
import type { Material } from "../bindings/Material";
import { mockApi } from "./mockApi";

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
};

function renderLibrary() {
  return render(
    <Providers>
      <MaterialsPage />
    </Providers>,
  );
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
    expect((screen.getByRole("searchbox", { name: "搜索素材" }) as HTMLInputElement).value).toBe("");
    expect(await screen.findByTestId("material")).toBeTruthy();
  });

  it("copies the filled text exactly and counts the use", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    api.fillMaterial.mockReset().mockResolvedValue({ outcome: "ready", text: "今晚八点发红包🧧\n先到先得" });
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
    api.fillMaterial
      .mockReset()
      .mockResolvedValueOnce({ outcome: "needs", variables: ["group_name", "link"] })
      .mockResolvedValueOnce({ outcome: "ready", text: "欢迎来到宝妈好物1群 https://u.jd.com/x" });
    renderLibrary();
    fireEvent.click(within(await screen.findByTestId("material")).getByRole("button", { name: "复制" }));
    const form = await screen.findByTestId("copy-for");
    expect(writeText).not.toHaveBeenCalled();
    const copy = within(form).getByRole("button", { name: "复制" }) as HTMLButtonElement;
    expect(copy.disabled).toBe(true);
    fireEvent.change(await within(form).findByRole("combobox"), { target: { value: "宝妈好物1群" } });
    fireEvent.change(within(form).getByRole("textbox"), { target: { value: "https://u.jd.com/x" } });
    fireEvent.click(copy);
    await waitFor(() => expect(writeText).toHaveBeenCalledWith("欢迎来到宝妈好物1群 https://u.jd.com/x"));
    expect(api.fillMaterial).toHaveBeenLastCalledWith(5, {
      group_name: "宝妈好物1群",
      nickname: null,
      link: "https://u.jd.com/x",
    });
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
    expect((within(editor).getByLabelText("标题") as HTMLInputElement).value).toBe("面膜上新");
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
        counts: { folders: 1, materials: 2 },
        entries: [],
      },
      items: [
        { uid: "a", title: "第 1 课", state: "new", mine_title: null },
        { uid: "b", title: "培训总纲", state: "conflict", mine_title: "我的总纲" },
      ],
      tally: { new: 1, updated: 0, unchanged: 0, conflict: 1, kept_mine: 0, kept_both: 0 },
    });
    api.packImport
      .mockReset()
      .mockResolvedValue({ new: 1, updated: 0, unchanged: 0, conflict: 0, kept_mine: 0, kept_both: 1 });
    renderLibrary();
    const file = new File(["PK"], "新人培训.tzpack");
    fireEvent.change(screen.getByTestId("pack-file"), { target: { files: [file] } });
    const preview = await screen.findByTestId("pack-preview");
    expect(within(preview).getByText(/来自 王老师 · 第 2 版/)).toBeTruthy();
    expect(within(preview).getByText("（我这边叫「我的总纲」）")).toBeTruthy();
    fireEvent.change(within(preview).getByRole("combobox", { name: "「培训总纲」怎么处理" }), {
      target: { value: "both" },
    });
    fireEvent.click(within(preview).getByRole("button", { name: "导入" }));
    expect(await screen.findByTestId("pack-imported")).toBeTruthy();
    expect(api.packImport).toHaveBeenCalledWith(file, "mine", { b: "both" });
  });
});
