// 总览's reads: the month's cards, the headline spans, the trend and the risk flags.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";

export function useDashboard() {
  return useQuery({ queryKey: keys.earnings.dashboard(), queryFn: () => api.dashboard() });
}

export function useTrendChart(lang: string) {
  return useQuery({ queryKey: keys.earnings.trend(lang), queryFn: () => api.trendChart(lang) });
}

export function useHeadline() {
  return useQuery({ queryKey: keys.earnings.headline(), queryFn: () => api.earningsHeadline() });
}

export function useRiskFlags() {
  return useQuery({ queryKey: keys.earnings.riskFlags(), queryFn: api.riskFlags });
}

// She has seen the lines of the flags counted through change `through`; the
// answer is the flags as they stand then.
export function useMarkRiskSeen() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (through: number) => api.markRiskSeen(through),
    onSuccess: (next) => client.setQueryData(keys.earnings.riskFlags(), next),
  });
}
