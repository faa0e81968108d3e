import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { Providers } from "../Providers";
import type { Course } from "../bindings/Course";
import type { PartnerProgress } from "../bindings/PartnerProgress";
import { FAR_PARTNER, searchBigTeam } from "./bigTeam";
import { mockApi } from "./mockApi";

const api = mockApi();
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), api }));
const { TrainingPage } = await import("../features/training/TrainingPage");

const course: Course = {
  id: 1,
  uid: "c".repeat(32),
  title: "新人七天训练营",
  for_newcomers: true,
  archived_at: null,
  lessons: [
    { material_id: 11, title: "第 1 课：认识京东联盟", pass_score: null },
    { material_id: 12, title: "第 2 课：怎么回答质疑", pass_score: 60 },
  ],
  assigned: 1,
};

function progress(done: boolean[], score: number | null = null): PartnerProgress {
  return {
    course_id: 1,
    course_title: course.title,
    partner_id: 7,
    lessons: course.lessons.map((l, i) => ({
      material_id: l.material_id,
      title: l.title,
      pass_score: l.pass_score,
      done: done[i],
      marked_on: done[i] || (i === 1 && score !== null) ? "2026-12-01" : null,
      marked_by: done[i] ? "trainer" : null,
      score: i === 1 ? score : null,
    })),
    done: done.filter(Boolean).length,
    total: 2,
    percent: Math.floor((done.filter(Boolean).length * 100) / 2),
  };
}

async function openCourses() {
  render(
    <Providers>
      <TrainingPage />
    </Providers>,
  );
  fireEvent.click(screen.getByRole("tab", { name: "课程" }));
  return screen.findByTestId("course-detail");
}

describe("课程", () => {
  beforeEach(() => {
    api.listCourses.mockReset().mockResolvedValue([course]);
    api.courseBoard.mockReset().mockResolvedValue([
      {
        partner_id: 7,
        name: "新人阿美",
        done: 0,
        total: 2,
        percent: 0,
        at_lesson: "第 1 课：认识京东联盟",
        since: "2026-11-27",
        days_since: 4,
      },
    ]);
    api.courseProgress.mockReset().mockResolvedValue(progress([false, false]));
    api.markLesson.mockReset();
  });

  it("shows who is stuck at which lesson and for how long", async () => {
    const detail = await openCourses();
    const board = await within(detail).findByTestId("course-board");
    const row = within(board).getByText("新人阿美").closest("tr") as HTMLElement;
    expect(row.textContent).toContain("第 1 课：认识京东联盟");
    expect(row.textContent).toContain("2026-11-27 起，4 天");
    expect(within(detail).getByText("小测验 60 分及格")).toBeTruthy();
  });

  it("signs a lesson off for a partner and records a check's score", async () => {
    api.markLesson.mockResolvedValueOnce(progress([true, false])).mockResolvedValueOnce(progress([true, false], 50));
    const detail = await openCourses();
    fireEvent.click(await within(detail).findByRole("button", { name: "逐课打勾" }));
    const ticks = await within(detail).findByTestId("lesson-ticks");
    const first = ticks.querySelector('[data-lesson="11"]') as HTMLElement;
    fireEvent.click(within(first).getByRole("button", { name: "培训师签收" }));
    await waitFor(() => expect(api.markLesson).toHaveBeenCalledWith(1, 7, 11, { marked_by: "trainer", score: null }));
    await waitFor(() => expect(within(detail).getByText(/新人阿美 已完成 50%/)).toBeTruthy());

    const second = ticks.querySelector('[data-lesson="12"]') as HTMLElement;
    const record = within(second).getByRole<HTMLButtonElement>("button", { name: "记录得分" });
    expect(record.disabled).toBe(true);
    fireEvent.change(within(second).getByRole("spinbutton"), { target: { value: "50" } });
    fireEvent.click(record);
    await waitFor(() => expect(api.markLesson).toHaveBeenLastCalledWith(1, 7, 12, { marked_by: "trainer", score: 50 }));
  });

  it("assigns the course to a partner far beyond the first 200, found by search", async () => {
    api.listPartners.mockReset().mockImplementation(searchBigTeam);
    api.assignCourse.mockReset().mockResolvedValue(1);
    const detail = await openCourses();
    const form = within(detail).getByTestId("assign-course");
    const assign = within(form).getAllByRole<HTMLButtonElement>("button", { name: "分配" })[0];
    expect(assign.disabled).toBe(true);
    const field = within(form).getByLabelText("搜索要分配的伙伴");
    fireEvent.change(field, { target: { value: "周" } });
    expect(fireEvent.keyDown(field, { key: "Enter" })).toBe(false);
    fireEvent.click(await within(form).findByRole("button", { name: `${FAR_PARTNER.name}（${FAR_PARTNER.wechat}）` }));
    expect(within(form).getByTestId("assign-partner").textContent).toBe(FAR_PARTNER.name);
    fireEvent.click(assign);
    await waitFor(() => expect(api.assignCourse).toHaveBeenCalledWith(1, [FAR_PARTNER.id], null));
    await waitFor(() => expect(within(form).getByTestId("assign-partner").textContent).toBe("选择伙伴…"));
  });

  it("says so when no partner matches the search for whom to assign", async () => {
    api.listPartners.mockReset().mockImplementation(searchBigTeam);
    const detail = await openCourses();
    const form = within(detail).getByTestId("assign-course");
    fireEvent.change(within(form).getByLabelText("搜索要分配的伙伴"), { target: { value: "没这个人" } });
    fireEvent.click(within(form).getByRole("button", { name: "查找" }));
    expect(await within(form).findByText(/^没有找到「没这个人」/)).toBeTruthy();
    expect(within(form).queryAllByRole("listitem")).toHaveLength(0);
  });

  it("makes a course of library lessons in order and shows a refusal at its field", async () => {
    api.listMaterials.mockReset().mockResolvedValue({
      items: [
        { id: 11, title: "第 1 课：认识京东联盟", kind: "course" },
        { id: 30, title: "早安问候", kind: "daily_kit" },
      ],
      total: 2,
      offset: 0,
    });
    api.createCourse
      .mockReset()
      .mockRejectedValueOnce({ code: "Validation", key: "courses.noLessons", params: {}, field: "lessons" })
      .mockResolvedValueOnce({ ...course, id: 2, title: "宝妈进阶" });
    await openCourses();
    fireEvent.click(screen.getByRole("button", { name: "新建课程" }));
    const editor = await screen.findByTestId("course-editor");
    fireEvent.change(within(editor).getByLabelText("课程名"), { target: { value: "宝妈进阶" } });
    fireEvent.click(within(editor).getByRole("button", { name: "保存" }));
    expect(await within(editor).findByText(/课程至少要有一课/)).toBeTruthy();
    await within(editor).findByRole("option", { name: "早安问候" });
    fireEvent.change(within(editor).getByRole("combobox", { name: "加入这一课" }), { target: { value: "30" } });
    fireEvent.click(within(editor).getByRole("button", { name: "加入这一课" }));
    fireEvent.change(within(editor).getByRole("combobox", { name: "加入这一课" }), { target: { value: "11" } });
    fireEvent.click(within(editor).getByRole("button", { name: "加入这一课" }));
    fireEvent.click(within(editor).getAllByRole("button", { name: "上移" })[1]);
    fireEvent.click(within(editor).getByRole("button", { name: "保存" }));
    await waitFor(() =>
      expect(api.createCourse).toHaveBeenLastCalledWith({
        title: "宝妈进阶",
        for_newcomers: false,
        lessons: [
          { material_id: 11, pass_score: null },
          { material_id: 30, pass_score: null },
        ],
      }),
    );
  });
});
