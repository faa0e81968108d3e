import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { KeyedPage } from "../bindings/KeyedPage";
import type { PageAt } from "../bindings/PageAt";
import { KeyedPagedList } from "../components/KeyedPagedList";
import { renderInApp } from "./render";

/** A list of rows 1..`count` read by key, as the engine reads the team. */
function engine(count: number) {
  let rows = Array.from({ length: count }, (_, i) => i + 1);
  const page = (items: number[], before: boolean, after: boolean, restarted = false): KeyedPage<number> => ({
    items,
    total: rows.length,
    more_before: before,
    more_after: after,
    restarted,
  });
  const load = vi.fn(async (at: PageAt, limit: number): Promise<KeyedPage<number>> => {
    const first = () => page(rows.slice(0, limit), false, rows.length > limit, at.kind !== "first");
    if (at.kind === "first") return first();
    if (at.kind === "last") return page(rows.slice(-limit), rows.length > limit, false);
    const i = rows.indexOf(at.id);
    if (i < 0) return first();
    if (at.kind === "after") return page(rows.slice(i + 1, i + 1 + limit), true, i + 1 + limit < rows.length);
    const from = Math.max(0, i - limit);
    return page(rows.slice(from, i), from > 0, true);
  });
  const remove = (id: number) => (rows = rows.filter((r) => r !== id));
  return { load, remove };
}

function renderList(load: (at: PageAt, limit: number) => Promise<KeyedPage<number>>) {
  return renderInApp(
    <KeyedPagedList queryKey={["keyed-test"]} load={load} idOf={(n) => n} empty="空">
      {(items) => <p data-testid="rows">{items.join(",")}</p>}
    </KeyedPagedList>,
  );
}

const button = (name: string) => screen.getByRole<HTMLButtonElement>("button", { name });

describe("KeyedPagedList", () => {
  it("steps by key to either end, says where it is, and stops at both ends", async () => {
    const { load } = engine(120);
    renderList(load);
    expect(await screen.findByText("第 1–50 位，共 120 位")).toBeTruthy();
    expect([button("首页").disabled, button("上一页").disabled]).toEqual([true, true]);
    expect([button("下一页").disabled, button("末页").disabled]).toEqual([false, false]);

    fireEvent.click(button("下一页"));
    expect(await screen.findByText("第 51–100 位，共 120 位")).toBeTruthy();
    expect(load).toHaveBeenLastCalledWith({ kind: "after", id: 50 }, 50);

    fireEvent.click(button("末页"));
    expect(await screen.findByText("第 71–120 位，共 120 位")).toBeTruthy();
    expect(load).toHaveBeenLastCalledWith({ kind: "last" }, 50);
    expect([button("下一页").disabled, button("末页").disabled]).toEqual([true, true]);

    fireEvent.click(button("上一页"));
    expect(await screen.findByText("第 21–70 位，共 120 位")).toBeTruthy();
    expect(load).toHaveBeenLastCalledWith({ kind: "before", id: 71 }, 50);
    expect(screen.getByTestId("rows").textContent?.startsWith("21,22,")).toBe(true);

    fireEvent.click(button("上一页"));
    expect(await screen.findByText("第 1–50 位，共 120 位")).toBeTruthy();
    expect([button("首页").disabled, button("上一页").disabled]).toEqual([true, true]);

    fireEvent.click(button("末页"));
    await screen.findByText("第 71–120 位，共 120 位");
    fireEvent.click(button("首页"));
    expect(await screen.findByText("第 1–50 位，共 120 位")).toBeTruthy();
  });

  it("is reachable from the keyboard", async () => {
    renderList(engine(120).load);
    await screen.findByText("第 1–50 位，共 120 位");
    const next = button("下一页");
    next.focus();
    expect(document.activeElement).toBe(next);
    expect(next.tagName).toBe("BUTTON");
  });

  it("counts from the start again when the row it stood next to is gone", async () => {
    const { load, remove } = engine(120);
    renderList(load);
    await screen.findByText("第 1–50 位，共 120 位");
    remove(50);
    fireEvent.click(button("下一页"));
    await waitFor(() => expect(load).toHaveBeenLastCalledWith({ kind: "after", id: 50 }, 50));
    expect(await screen.findByText("第 1–50 位，共 119 位")).toBeTruthy();
    expect(screen.getByTestId("rows").textContent?.startsWith("1,2,")).toBe(true);
  });

  it("hides the pager when everything fits on one page", async () => {
    renderList(engine(30).load);
    expect(await screen.findByTestId("rows")).toBeTruthy();
    expect(screen.queryByRole("navigation")).toBeNull();
  });
});
