import { describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", async (original) => ({
  ...(await original<typeof import("@tauri-apps/api/core")>()),
  invoke,
}));
const { api } = await import("../api");
const { UPLOAD_BYTES } = await import("../bindings/limits");

describe("an upload", () => {
  it("over the size cap is refused before it is read or sent", async () => {
    const huge = new File([new Uint8Array(UPLOAD_BYTES + 1)], "大名单.csv");
    const read = vi.spyOn(huge, "arrayBuffer");
    await expect(api.importPreview("partners", huge)).rejects.toMatchObject({
      code: "Validation",
      key: "table.tooLarge",
      params: { file: "大名单.csv", limit: "20" },
    });
    expect(read).not.toHaveBeenCalled();
    expect(invoke).not.toHaveBeenCalled();
  });

  it("within the cap is sent as raw bytes with its name", async () => {
    invoke.mockResolvedValue({});
    await api.importPreview("partners", new File(["姓名\n王芳\n"], "团队.csv"));
    expect(invoke).toHaveBeenCalledWith(
      "import_preview",
      expect.any(Uint8Array),
      expect.objectContaining({ headers: expect.objectContaining({ "x-file-name": encodeURIComponent("团队.csv") }) }),
    );
  });
});
