// Courses. Calls over the generated client (../bindings/commands.ts).
import { commands } from "../bindings/commands";
import type { CourseDraft } from "../bindings/CourseDraft";
import type { CourseId } from "../bindings/CourseId";
import type { Mark } from "../bindings/Mark";
import type { MaterialId } from "../bindings/MaterialId";
import type { PartnerId } from "../bindings/PartnerId";

export const coursesApi = {
  listCourses: () => commands.listCourses(),
  createCourse: (draft: CourseDraft) => commands.createCourse({ draft }),
  updateCourse: (id: CourseId, draft: CourseDraft) => commands.updateCourse({ id, draft }),
  setCourseArchived: (id: CourseId, archived: boolean) => commands.setCourseArchived({ id, archived }),
  assignCourse: (id: CourseId, partners: PartnerId[], tag: string | null) =>
    commands.assignCourse({ id, partners, tag }),
  unassignCourse: (id: CourseId, partner: PartnerId) => commands.unassignCourse({ id, partner }),
  courseBoard: (id: CourseId) => commands.courseBoard({ id }),
  courseProgress: (id: CourseId, partner: PartnerId) => commands.courseProgress({ id, partner }),
  partnerCourses: (partner: PartnerId) => commands.partnerCourses({ partner }),
  markLesson: (id: CourseId, partner: PartnerId, lesson: MaterialId, mark: Mark | null) =>
    commands.markLesson({ id, partner, lesson, mark }),
};
