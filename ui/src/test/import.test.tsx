import { screen, fireEvent, within, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeQueryClient } from "../api/queries";
import { mockApi } from "./mockApi";
import { renderInApp } from "./render";

const api = mockApi();
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), api }));
const { ImportPanel } = await import("../features/files/ImportPanel");

const preview = {
  file: "团队.csv",
  kind: "partners" as const,
  rows: 1000,
  ready: 997,
  issues: [
    { line: 152, column: "手机", reason: { key: "field.phone", params: { value: "1390000150" } } },
    {
      line: 501,
      column: "上级微信号",
      reason: { key: "import.parent.unknown", params: { parent: "<b>nobody999</b>" } },
    },
    { line: 901, column: "微信号", reason: { key: "import.repeat", params: { first: "900", value: "member0898" } } },
  ],
  duplicates: [{ line: 12, matched_on: "手机", existing_id: 4, existing_name: "王芳" }],
  encoding: "GB18030" as const,
};

function renderPanel(client = makeQueryClient()) {
  return renderInApp(<ImportPanel kind="partners" />, client);
}

function pick(name: string) {
  const file = new File(["姓名\n王芳\n"], name, { type: "text/csv" });
  fireEvent.change(screen.getByTestId("import-file"), { target: { files: [file] } });
  return file;
}

describe("导入", () => {
  beforeEach(() => {
    api.importPreview.mockReset().mockResolvedValue(preview);
    api.importCommit.mockReset().mockResolvedValue({ imported: 996, merged: 1, skipped: 3 });
  });

  it("lists every bad row with its line, column and reason before writing anything", async () => {
    renderPanel();
    const file = pick("团队.csv");
    const issues = await screen.findByTestId("import-issues");
    const rows = within(issues).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      "152手机手机号应为 11 位大陆手机号（如 13800138000）：1390000150",
      "501上级微信号上级微信号 <b>nobody999</b> 不在团队里，也不在这个文件里",
      "901微信号与第 900 行重复：member0898",
    ]);
    expect(issues.querySelector("b")).toBeNull();
    expect(screen.getByText(/共 1,000 行：可导入 997 行，有问题 3 行，与已有重复 1 行/)).toBeTruthy();
    expect(screen.getByTestId("import-encoding").textContent).toBe("按 GB18030 编码读取");
    expect(api.importPreview).toHaveBeenCalledWith("partners", file);
    expect(api.importCommit).not.toHaveBeenCalled();
  });

  it("imports with the chosen duplicate policy after confirmation and reports the outcome", async () => {
    const client = makeQueryClient();
    const invalidated = vi.spyOn(client, "invalidateQueries");
    renderPanel(client);
    const file = pick("团队.csv");
    fireEvent.click(await screen.findByLabelText("合并：用文件里的非空内容更新已有的"));
    fireEvent.click(screen.getByRole("button", { name: "确认导入 997 行" }));
    expect(await screen.findByText("导入完成：新增 996 行，合并 1 行，跳过 3 行。")).toBeTruthy();
    expect(api.importCommit).toHaveBeenCalledWith("partners", file, "merge");
    await waitFor(() => expect(invalidated).toHaveBeenCalledWith({ queryKey: ["team"] }), { timeout: 2000 });
  });

  it("keeps the preview when the write fails, so nothing is lost and she can retry", async () => {
    api.importCommit.mockRejectedValue({ code: "Internal", key: "error.database", params: {}, field: null });
    renderPanel();
    pick("团队.csv");
    fireEvent.click(await screen.findByTestId("import-confirm"));
    expect(await screen.findByText("本地数据库错误，数据未改变")).toBeTruthy();
    expect(screen.getByTestId("import-issues")).toBeTruthy();
  });

  it("says what is wrong with an unreadable file", async () => {
    api.importPreview.mockRejectedValue({
      code: "Validation",
      key: "table.xlsx",
      params: { file: "x.xlsx", reason: "not a zip" },
      field: null,
    });
    renderPanel();
    pick("x.xlsx");
    expect(await screen.findByText("x.xlsx：无法读取 XLSX 文件：not a zip")).toBeTruthy();
    await waitFor(() => expect(screen.queryByTestId("import-preview")).toBeNull());
  });
});
