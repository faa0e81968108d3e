import { render } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveSync } from "../bindings/LiveSync";

// The shell's events, as the window's event module sees them.
type Listener = (event: { payload: unknown }) => void;
const listeners = new Map<string, Listener>();
const unlisten = vi.fn();
let answer: () => Promise<() => void> = () => Promise.resolve(unlisten);
vi.mock("@tauri-apps/api/event", () => ({
  listen: vi.fn((name: string, listener: Listener) => {
    listeners.set(name, listener);
    return answer();
  }),
}));
const { api } = await import("../api");
const { useTauriEvent } = await import("../components/useTauriEvent");

function Live({ onLive, enabled }: { onLive: (live: LiveSync) => void; enabled?: boolean }) {
  useTauriEvent(api.onSyncLive, onLive, enabled);
  return null;
}

const live = { running: true } as LiveSync;

describe("useTauriEvent", () => {
  beforeEach(() => {
    listeners.clear();
    unlisten.mockClear();
    answer = () => Promise.resolve(unlisten);
  });

  it("hands each pushed payload to the latest handler", async () => {
    const first = vi.fn();
    const second = vi.fn();
    const { rerender } = render(<Live onLive={first} />);
    await vi.waitFor(() => expect(listeners.has("sync-live")).toBe(true));
    listeners.get("sync-live")?.({ payload: live });
    expect(first).toHaveBeenCalledWith(live);
    rerender(<Live onLive={second} />);
    listeners.get("sync-live")?.({ payload: live });
    expect(second).toHaveBeenCalledWith(live);
    expect(first).toHaveBeenCalledOnce();
    expect(unlisten).not.toHaveBeenCalled();
  });

  it("stops listening once when the component goes", async () => {
    const { unmount } = render(<Live onLive={() => {}} />);
    unmount();
    await vi.waitFor(() => expect(unlisten).toHaveBeenCalledOnce());
  });

  it("stops listening even when it goes before the listener is set up", async () => {
    let ready: (stop: () => void) => void = () => {};
    answer = () => new Promise((resolve) => (ready = resolve));
    const { unmount } = render(<Live onLive={() => {}} />);
    unmount();
    expect(unlisten).not.toHaveBeenCalled();
    ready(unlisten);
    await vi.waitFor(() => expect(unlisten).toHaveBeenCalledOnce());
  });

  it("listens only while enabled", async () => {
    const { rerender } = render(<Live onLive={() => {}} enabled={false} />);
    expect(listeners.size).toBe(0);
    rerender(<Live onLive={() => {}} enabled />);
    await vi.waitFor(() => expect(listeners.has("sync-live")).toBe(true));
    rerender(<Live onLive={() => {}} enabled={false} />);
    await vi.waitFor(() => expect(unlisten).toHaveBeenCalledOnce());
  });

  it("does not break the window when listening fails", async () => {
    answer = () => Promise.reject(new Error("no shell"));
    const { unmount } = render(<Live onLive={() => {}} />);
    unmount();
    await Promise.resolve();
    expect(unlisten).not.toHaveBeenCalled();
  });
});
