import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";
import type { AccountForm } from "../../bindings/AccountForm";
import type { Settings } from "../../bindings/Settings";
import type { StoreKind } from "../../bindings/StoreKind";

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

export function useAppInfo() {
  return useQuery({ queryKey: keys.app, queryFn: api.appInfo });
}

// What the check of the open store found; asked once a store opens (a
// switch of store invalidates the app's keys, and it is asked again).
export function useStoreHealth() {
  return useQuery({ queryKey: [...keys.app, "health"], queryFn: api.storeHealth, staleTime: Infinity });
}

export function useBackups() {
  return useQuery({ queryKey: keys.backups, queryFn: api.listBackups });
}

// Connecting or opening the other store: every cached figure belonged to
// the store that was open, so all but the app's own facts are dropped.
function useSwitchedStore() {
  const client = useQueryClient();
  return async () => {
    client.removeQueries({ predicate: (query) => query.queryKey[0] !== keys.app[0] });
    await client.invalidateQueries();
  };
}

export function useTestConnection() {
  return useMutation({ mutationFn: (form: AccountForm) => api.testConnection(form) });
}

// The secret is write-only: `onStored` clears it from the form once the keyring has it.
export function useConnectAccount(onStored: () => void, onConnected: () => void) {
  const switched = useSwitchedStore();
  return useMutation({
    mutationFn: (form: AccountForm) => api.connectAccount(form),
    onSuccess: async () => {
      onStored();
      await switched();
      onConnected();
    },
  });
}

export function useOpenStore() {
  const switched = useSwitchedStore();
  return useMutation({ mutationFn: (store: StoreKind) => api.openStore(store), onSuccess: switched });
}

export function useOpenDataFolder() {
  return useMutation({ mutationFn: api.openDataFolder });
}

export function useBackupNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.backupNow,
    onSuccess: (backups) => client.setQueryData(keys.backups, backups),
  });
}

export function useRestoreBackup() {
  return useMutation({ mutationFn: (id: string) => api.restoreBackup(id) });
}
