import { act } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockApi } from "./mockApi";
import { renderInApp } from "./render";

// Which page modules have been loaded, in the order they were.
const loaded: string[] = [];
vi.mock("../features/earnings/EarningsPage", async (original) => {
  loaded.push("earnings");
  return original();
});
vi.mock("../features/settings/SettingsPage", async (original) => {
  loaded.push("settings");
  return original();
});

const api = mockApi();
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), api }));
const { App } = await import("../App");

afterEach(() => vi.useRealTimers());

describe("the pages' code", () => {
  it("is not loaded by the start, and is fetched a few seconds after it, before she opens a page", async () => {
    vi.useFakeTimers();
    renderInApp(<App />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2000);
    });
    expect(loaded).toEqual([]);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1500);
    });
    vi.useRealTimers();
    await vi.waitFor(() => expect(loaded).toEqual(expect.arrayContaining(["earnings", "settings"])));
  });
});
