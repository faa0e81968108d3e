// Her platform account. Calls over the generated client (../bindings/commands.ts).
import { commands } from "../bindings/commands";
import type { AccountForm } from "../bindings/AccountForm";
import type { StoreKind } from "../bindings/StoreKind";

export const accountApi = {
  testConnection: (account: AccountForm) => commands.testConnection({ account }),
  connectAccount: (account: AccountForm) => commands.connectAccount({ account }),
  openStore: (store: StoreKind) => commands.openStore({ store }),
};
