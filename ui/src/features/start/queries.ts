// What the window asks when the store would not open, and what she can do about it.
import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";

export function useStartProblem() {
  return useQuery({ queryKey: keys.start, queryFn: api.startProblem });
}

export function useRestoreAfterFailure() {
  return useMutation({ mutationFn: (id: string) => api.restoreAfterFailure(id) });
}

export function useRestartApp() {
  return useMutation({ mutationFn: api.restartApp });
}

export function useOpenFolder() {
  return useMutation({ mutationFn: api.openDataFolder });
}
