import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { mockApi } from "./mockApi";
import { renderInApp } from "./render";

const api = mockApi();
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), api }));
const { StartGate } = await import("../features/start/StartGate");

function renderGate() {
  return renderInApp(
    <StartGate>
      <p>the app itself</p>
    </StartGate>,
  );
}

describe("starting up", () => {
  it("shows the app when her data opened", async () => {
    api.startProblem.mockResolvedValue(null);
    renderGate();
    expect(await screen.findByText("the app itself")).toBeTruthy();
  });

  it("says in words why her data did not open and restores the copy offered", async () => {
    api.startProblem.mockResolvedValue({
      message: { key: "start.damaged", params: { detail: "page 4 is broken" } },
      backup: {
        id: "daily-1795003200-0",
        reason: "daily",
        taken_at: "2026-11-18 20:00:00",
        partners: 360,
        groups: 48,
        order_rows: 43067,
        schema_version: 10,
      },
      data_dir: "/home/me/.local/share/com.tuanzhang.console",
    });
    renderGate();
    expect((await screen.findByTestId("start-reason")).textContent).toBe("数据文件已损坏（page 4 is broken）。");
    expect(screen.queryByText("the app itself")).toBeNull();
    expect(screen.getByText(/2026-11-18 20:00:00，含 360 位伙伴、48 个社群、43067 条订单行/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "恢复这个备份并重新打开" }));
    await waitFor(() => expect(api.restoreAfterFailure).toHaveBeenCalledWith("daily-1795003200-0"));
  });

  it("offers no copy when none can help, and can retry", async () => {
    api.startProblem.mockResolvedValue({
      message: { key: "start.newer", params: { found: "12", known: "10" } },
      backup: null,
      data_dir: "/data",
    });
    renderGate();
    expect((await screen.findByTestId("start-reason")).textContent).toContain("请安装最新版本");
    expect(screen.queryByRole("button", { name: "恢复这个备份并重新打开" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "重试" }));
    await waitFor(() => expect(api.restartApp).toHaveBeenCalled());
  });
});
