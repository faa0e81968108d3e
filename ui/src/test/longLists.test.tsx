import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { CareEntry } from "../bindings/CareEntry";
import type { Material } from "../bindings/Material";
import type { MaterialVersion } from "../bindings/MaterialVersion";
import type { PackPlan } from "../bindings/PackPlan";
import { PAGE_SIZE } from "../components/Pager";
import { mockApi } from "./mockApi";
import { renderInApp } from "./render";

const api = mockApi();
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), api }));
const { PartnerCare } = await import("../features/care/PartnerCare");
const { VersionHistory } = await import("../features/materials/VersionHistory");
const { PackPreview } = await import("../features/materials/PackPreview");

// Lists a big team's store makes long, outside the window's tables: each
// shows a page at a time, however many it holds.
describe("long lists", () => {
  it("shows a year of a partner's care a page at a time, read page by page from the engine", async () => {
    const entry = (id: number): CareEntry => ({
      id,
      kind: "chat",
      rule: null,
      note: `第${id}次`,
      day: "2026-11-01",
    });
    api.careHistory.mockImplementation((_partner: number, page: { offset: number; limit: number }) =>
      Promise.resolve({
        items: Array.from({ length: Math.min(page.limit, 365 - page.offset) }, (_, i) => entry(page.offset + i + 1)),
        total: 365,
        offset: page.offset,
      }),
    );
    renderInApp(<PartnerCare partnerId={42} />);
    const log = await screen.findByTestId("care-log");
    expect(within(log).getAllByRole("listitem")).toHaveLength(PAGE_SIZE);
    expect(api.careHistory).toHaveBeenLastCalledWith(42, { offset: 0, limit: PAGE_SIZE });
    fireEvent.click(within(screen.getByTestId("row-pager")).getByRole("button", { name: "下一页" }));
    await within(log).findByText(/第51次/);
    expect(api.careHistory).toHaveBeenLastCalledWith(42, { offset: PAGE_SIZE, limit: PAGE_SIZE });
    expect(within(log).getAllByRole("listitem")).toHaveLength(PAGE_SIZE);
    expect(within(log).queryByText(/第1次/)).toBeNull();
  });

  it("shows a material's saves a page at a time, newest first", async () => {
    const saved = { kind: "script" as const, body: "", notes: "", tags: [], folder_id: null, product: null };
    const material: Material = {
      ...saved,
      id: 5,
      uid: "0123456789abcdef0123456789abcdef",
      title: "每日早安",
      expires_on: null,
      parts: [],
      expired: false,
      archived_at: null,
      revision: 120,
      uses: 0,
      last_used_at: null,
      updated_at: 1796112000,
      unreadable: [],
    };
    const version = (revision: number): MaterialVersion => ({
      ...saved,
      revision,
      title: `第${revision}版`,
      expires_on: null,
      parts: [],
      saved_at: 1796112000 + revision,
    });
    api.materialVersions.mockResolvedValue(Array.from({ length: 120 }, (_, i) => version(120 - i)));
    renderInApp(<VersionHistory material={material} onClose={() => {}} />);
    const history = screen.getByTestId("material-versions");
    await within(history).findByText("第120版");
    const revisions = () => within(history).getAllByRole("listitem");
    expect(revisions()).toHaveLength(PAGE_SIZE);
    const next = within(screen.getByTestId("row-pager")).getByRole("button", { name: "下一页" });
    fireEvent.click(next);
    fireEvent.click(next);
    await waitFor(() => expect(revisions()).toHaveLength(20));
    expect(within(history).getByText("第1版")).toBeTruthy();
  });

  it("previews a library's pack a page of materials at a time, its courses under every page", async () => {
    const items = Array.from({ length: 2000 }, (_, i) => ({
      uid: `m${i}`,
      title: `素材${i + 1}`,
      state: i === 0 ? ("conflict" as const) : ("new" as const),
      mine_title: null,
    }));
    const plan: PackPlan = {
      manifest: {
        format_version: 1,
        pack_id: "library",
        pack_version: 1,
        title: "全部素材",
        publisher: "王老师",
        created: "2026-12-01 08:00:00",
        counts: { folders: 0, materials: 2000, media: 0, courses: 1 },
        entries: [],
        includes_notes: false,
      },
      imported_version: null,
      items,
      courses: [{ uid: "c".repeat(32), title: "新人七天训练营", state: "new" }],
      tally: {
        new: 1999,
        updated: 0,
        unchanged: 0,
        conflict: 1,
        foreign: 0,
        older: 0,
        kept_mine: 0,
        kept_both: 0,
        courses: 0,
      },
    };
    renderInApp(
      <PackPreview
        plan={plan}
        otherwise="mine"
        onOtherwise={() => {}}
        choices={{ m0: "theirs" }}
        onChoose={() => {}}
        importing={false}
        onImport={() => {}}
        onCancel={() => {}}
      />,
    );
    const preview = screen.getByTestId("pack-preview");
    const shown = () => preview.querySelectorAll("li[data-state]:not([data-course])");
    expect(shown()).toHaveLength(PAGE_SIZE);
    expect(preview.querySelector("[data-course]")).not.toBeNull();
    fireEvent.click(within(screen.getByTestId("row-pager")).getByRole("button", { name: "下一页" }));
    expect(shown()).toHaveLength(PAGE_SIZE);
    expect(within(preview).getByText("素材51")).toBeTruthy();
    expect(within(preview).queryByText("素材1")).toBeNull();
    fireEvent.click(within(screen.getByTestId("row-pager")).getByRole("button", { name: "上一页" }));
    expect(within(preview).getByText("素材1")).toBeTruthy();
    expect(preview.querySelector("[data-course]")).not.toBeNull();
  });
});
