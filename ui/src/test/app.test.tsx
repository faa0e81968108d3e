import { screen, fireEvent } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { mockApi } from "./mockApi";
import { renderInApp } from "./render";

const api = mockApi();
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), api }));
const { App } = await import("../App");

function renderApp() {
  return renderInApp(<App />);
}

describe("the app shell", () => {
  it("is Chinese first, says when it runs on demo data, and navigates by keyboard-reachable buttons", async () => {
    renderApp();
    expect(await screen.findByTestId("demo-banner")).toBeTruthy();
    const nav = screen.getByRole("navigation", { name: "主导航" });
    expect(nav.textContent).toBe("总览发帖社群团队素材收益分润同步设置");
    expect(screen.getByTestId("store-badge").textContent).toBe("演示数据");
    fireEvent.click(screen.getByRole("button", { name: "社群" }));
    expect(await screen.findByText(/还没有社群/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "社群" }).getAttribute("aria-current")).toBe("page");
    expect(document.title).toBe("社群 · 团长工作台");
    expect(api.setWindowTitle).toHaveBeenLastCalledWith("社群 · 团长工作台");
  });

  it("switches to English and remembers it", async () => {
    renderApp();
    fireEvent.click(screen.getByRole("button", { name: "切换到英文界面" }));
    expect(await screen.findByRole("navigation", { name: "Main navigation" })).toBeTruthy();
    expect(localStorage.getItem("tuanzhang.lang")).toBe("en");
    expect(screen.getByRole("button", { name: "Groups" })).toBeTruthy();
  });

  it("says when the check behind the opening finds the data file damaged, and leads to the backups", async () => {
    api.storeHealth.mockResolvedValueOnce({ key: "health.damaged", params: { detail: "Tree 21 page 21" } });
    renderApp();
    const notice = await screen.findByTestId("health-notice");
    expect(notice.getAttribute("role")).toBe("alert");
    expect(notice.textContent).toContain("数据文件有损坏（Tree 21 page 21）");
    fireEvent.click(screen.getByRole("button", { name: "去恢复备份" }));
    expect(screen.getByRole("button", { name: "设置" }).getAttribute("aria-current")).toBe("page");
  });

  it("shows no such notice for a whole store", async () => {
    renderApp();
    await screen.findByTestId("demo-banner");
    expect(api.storeHealth).toHaveBeenCalled();
    expect(screen.queryByTestId("health-notice")).toBeNull();
  });
});
