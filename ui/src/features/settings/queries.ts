import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";
import type { Settings } from "../../bindings/Settings";

export function useSettings() {
  return useQuery({ queryKey: keys.settings, queryFn: api.settings });
}

// Saves a change over the stored settings; today's list depends on the care
// rhythm and the dormancy threshold, so it is read again.
export function useSaveSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (change: Partial<Settings>) => {
      const stored = client.getQueryData<Settings>(keys.settings) ?? (await api.settings());
      return api.saveSettings({ ...stored, ...change });
    },
    onSuccess: async (saved) => {
      client.setQueryData(keys.settings, saved);
      await client.invalidateQueries({ queryKey: keys.care.all });
    },
  });
}
