import { act, render, screen, fireEvent } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { SyncStatus } from "../bindings/SyncStatus";
import { makeQueryClient } from "../api/queries";
import { Providers } from "../Providers";
import { idleStatus, mockApi } from "./mockApi";
import { renderInApp } from "./render";

const api = mockApi();
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), api }));
const { SyncPage } = await import("../features/sync/SyncPage");

function renderSync(status: SyncStatus, client = makeQueryClient()) {
  return renderInApp(<SyncPage status={status} onGoSettings={() => {}} />, client);
}

describe("同步", () => {
  it("says how to start when nothing was synced, and starts on click", async () => {
    const client = makeQueryClient();
    const invalidated = vi.spyOn(client, "invalidateQueries");
    renderSync(idleStatus, client);
    expect(screen.getByText(/还没有同步过/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "立即同步" }));
    await vi.waitFor(() => expect(invalidated).toHaveBeenCalledWith({ queryKey: ["sync"] }));
    expect(api.syncNow).toHaveBeenCalledTimes(1);
  });

  it("shows progress while a run is going and disables the button", () => {
    renderSync({
      live: {
        running: true,
        progress: {
          platform: "pdd",
          phase: "backfill",
          windows_done: 540,
          windows_planned: 2160,
          pages: 540,
          rows_fetched: 9000,
          rows_written: 8999,
          rows_rejected: 0,
        },
      },
      runs: [],
      rejected: idleStatus.rejected,
    });
    const bar = screen.getByRole<HTMLProgressElement>("progressbar");
    expect(bar.value).toBe(25);
    expect(screen.getByText(/时间段 540\/2160 · 已取 9,000 行 · 写入 8,999 行/)).toBeTruthy();
    // Which platform the round is on: 多多进宝 here.
    expect(screen.getByText("多多进宝 · 首次同步（最近 90 天）：")).toBeTruthy();
    expect(screen.getByTestId<HTMLButtonElement>("sync-now").disabled).toBe(true);
  });

  it("shows the last outcome and the last error in plain words", () => {
    renderSync({
      live: idleStatus.live,
      runs: [
        {
          id: 2,
          platform: "jd",
          started_at: "2026-11-23 10:00:00",
          finished_at: "2026-11-23 10:00:09",
          status: "failed",
          windows_planned: 3,
          windows_done: 1,
          pages: 1,
          rows_fetched: 12,
          rows_written: 12,
          error: "平台网关错误 12: 无效签名 —— 请检查 App Secret",
          failure: "credentials",
          warning: null,
        },
        {
          id: 1,
          platform: "jd",
          started_at: "2026-11-23 09:00:00",
          finished_at: "2026-11-23 09:01:00",
          status: "succeeded",
          windows_planned: 2160,
          windows_done: 2160,
          pages: 2160,
          rows_fetched: 42895,
          rows_written: 42895,
          error: null,
          failure: null,
          warning: null,
        },
      ],
      rejected: idleStatus.rejected,
    });
    expect(screen.getByTestId("sync-last").textContent).toContain("失败");
    expect(screen.getByText(/无效签名/)).toBeTruthy();
    expect(screen.getAllByText("42,895", { selector: "td" })).toHaveLength(2);
    expect(screen.getByRole("alert").textContent).toContain("自动同步已暂停");
  });

  it("shows each platform's own last run, and names the platform whose keys were refused", () => {
    const run = (id: number, platform: "jd" | "pdd" | "taobao", status: "succeeded" | "failed", fetched: number) => ({
      id,
      platform,
      started_at: `2026-11-23 1${id}:00:00`,
      finished_at: `2026-11-23 1${id}:00:30`,
      status,
      windows_planned: 1,
      windows_done: 1,
      pages: 1,
      rows_fetched: fetched,
      rows_written: fetched,
      error: status === "failed" ? "签名无效" : null,
      failure: status === "failed" ? ("credentials" as const) : null,
      warning: null,
    });
    renderSync({
      live: idleStatus.live,
      // Newest first: 淘宝联盟 failed last, 多多进宝 and JD succeeded before it.
      runs: [run(3, "taobao", "failed", 0), run(2, "pdd", "succeeded", 1234), run(1, "jd", "succeeded", 5678)],
      rejected: idleStatus.rejected,
    });
    const last = screen.getByTestId("sync-last");
    for (const [name, fetched] of [
      ["京东联盟", "5,678"],
      ["多多进宝", "1,234"],
      ["淘宝联盟", "0"],
    ]) {
      const facts = last.querySelector(`dl[aria-label="${name}"]`);
      expect(facts?.textContent).toContain(fetched);
    }
    expect(last.querySelector('dl[aria-label="京东联盟"]')?.textContent).toContain("成功");
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("淘宝联盟");
    expect(alert.textContent).not.toContain("京东联盟");
  });

  it("says plainly when it is offline", () => {
    renderSync({
      live: idleStatus.live,
      runs: [
        {
          id: 3,
          platform: "jd",
          started_at: "2026-11-23 11:00:00",
          finished_at: "2026-11-23 11:00:01",
          status: "failed",
          windows_planned: 0,
          windows_done: 0,
          pages: 0,
          rows_fetched: 0,
          rows_written: 0,
          error: "无法连接平台",
          failure: "offline",
          warning: null,
        },
      ],
      rejected: idleStatus.rejected,
    });
    expect(screen.getByTestId("sync-offline").textContent).toContain("离线");
  });

  it("counts the rows set aside as unreadable and says why", () => {
    renderSync({
      ...idleStatus,
      rejected: {
        total: 3,
        reasons: [
          { field: "estimateFee", rows: 2, example: 'not a decimal amount: "0.555"', example_row: 301 },
          { field: null, rows: 1, example: "expected a row", example_row: null },
        ],
      },
    });
    const notice = screen.getByTestId("sync-rejected");
    expect(notice.textContent).toContain("3 行订单无法读取，已单独保存");
    expect(notice.textContent).toContain("estimateFee：2 行");
    expect(notice.textContent).toContain("订单行 301");
    expect(notice.textContent).toContain("整行格式：1 行");
  });

  it("shows no notice when every row could be read", () => {
    renderSync(idleStatus);
    expect(screen.queryByTestId("sync-rejected")).toBeNull();
  });
});

describe("a sync run landing", () => {
  it("moves the bar from pushed progress and refreshes every area the run wrote to", async () => {
    let push: (live: SyncStatus["live"]) => void = () => {};
    api.onSyncLive.mockImplementation(async (handler: typeof push) => {
      push = handler;
      return () => {};
    });
    const { useSyncStatus } = await import("../features/sync/useSyncStatus");
    function Probe() {
      const status = useSyncStatus();
      return <p data-testid="probe">{status ? `${status.live.running}:${status.live.progress.windows_done}` : "…"}</p>;
    }
    const client = makeQueryClient();
    const invalidated = vi.spyOn(client, "invalidateQueries");
    render(
      <Providers client={client}>
        <Probe />
      </Providers>,
    );
    await vi.waitFor(() => expect(screen.getByTestId("probe").textContent).toBe("false:0"));
    const progress = { ...idleStatus.live.progress, windows_planned: 10, windows_done: 4 };
    await vi.waitFor(() => expect(api.onSyncLive).toHaveBeenCalled());
    act(() => push({ running: true, progress }));
    await vi.waitFor(() => expect(screen.getByTestId("probe").textContent).toBe("true:4"));
    expect(invalidated).not.toHaveBeenCalled();
    act(() => push({ running: false, progress: { ...progress, windows_done: 10 } }));
    await vi.waitFor(() => expect(invalidated).toHaveBeenCalledWith({ queryKey: ["earnings"] }));
    expect(invalidated).toHaveBeenCalledWith({ queryKey: ["team"] });
    expect(invalidated).toHaveBeenCalledWith({ queryKey: ["sync"] });
  });
});
