// 课程's reads and writes. A lesson's mark feeds the board, her own page,
// the care rhythm (her plan's first training) and the team's figures.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { useInvalidate, useWrite } from "../../api/queries";
import type { Course } from "../../bindings/Course";
import type { CourseDraft } from "../../bindings/CourseDraft";
import type { Mark } from "../../bindings/Mark";

/** How many materials a course's lessons choose from. */
const CHOICES = { offset: 0, limit: 500 };

export function useCourses() {
  return useQuery({ queryKey: keys.courses.list(), queryFn: api.listCourses });
}

export function useBoard(courseId: number) {
  return useQuery({ queryKey: keys.courses.board(courseId), queryFn: () => api.courseBoard(courseId) });
}

export function useProgress(courseId: number, partnerId: number) {
  return useQuery({
    queryKey: keys.courses.progress(courseId, partnerId),
    queryFn: () => api.courseProgress(courseId, partnerId),
  });
}

export function usePartnerCourses(partnerId: number) {
  return useQuery({ queryKey: keys.courses.ofPartner(partnerId), queryFn: () => api.partnerCourses(partnerId) });
}

export function useLessonChoices() {
  return useQuery({
    queryKey: [...keys.materials.all, "lesson-choices"],
    queryFn: () => api.listMaterials({ folder_id: null, tag: null, kind: null, archived: false }, CHOICES),
  });
}

export function useArchiveCourse() {
  return useWrite(
    (course: Course) => api.setCourseArchived(course.id, course.archived_at === null),
    [keys.courses.all],
  );
}

export function useExportCoursePack() {
  return useMutation({
    mutationFn: ({ id, notes }: { id: number; notes: boolean }) => api.exportCoursePack(id, notes),
  });
}

export function useSaveCourse(course: Course | null, onSaved: (course: Course) => void) {
  return useWrite(
    (draft: CourseDraft) => (course ? api.updateCourse(course.id, draft) : api.createCourse(draft)),
    [keys.courses.all],
    { last: onSaved },
  );
}

export function useAssignCourse(courseId: number, onAssigned: () => void) {
  return useWrite(
    (by: { partner: number } | { tag: string }) =>
      "tag" in by ? api.assignCourse(courseId, [], by.tag) : api.assignCourse(courseId, [by.partner], null),
    [keys.courses.all],
    { first: onAssigned },
  );
}

export function useMarkLesson(courseId: number, partnerId: number) {
  const client = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ lesson, mark }: { lesson: number; mark: Mark | null }) =>
      api.markLesson(courseId, partnerId, lesson, mark),
    onSuccess: async (saved) => {
      client.setQueryData(keys.courses.progress(courseId, partnerId), saved);
      await invalidate(keys.courses.board(courseId), keys.courses.ofPartner(partnerId), keys.care.all, keys.team.all);
    },
  });
}
