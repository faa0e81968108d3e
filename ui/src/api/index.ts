// The window's calls into the shell, one file per area beside this one, each
// over the client generated from the Rust commands (../bindings/commands.ts):
// an argument renamed or a reply changed in Rust fails `tsc` there until the
// window follows. Uploads and their caps are in ./uploads.
import type { AppError } from "../bindings/AppError";
import type { Message } from "../bindings/Message";
import { appApi } from "./app";
import { accountApi } from "./account";
import { backupsApi } from "./backups";
import { earningsApi } from "./earnings";
import { groupsApi } from "./groups";
import { teamApi } from "./team";
import { careApi } from "./care";
import { materialsApi } from "./materials";
import { mediaApi } from "./media";
import { packsApi } from "./packs";
import { payoutsApi } from "./payouts";
import { coursesApi } from "./courses";
import { postingApi } from "./posting";
import { settingsApi } from "./settings";
import { syncApi } from "./sync";
import { filesApi } from "./files";
import { startApi } from "./start";

export const api = {
  ...appApi,
  ...accountApi,
  ...backupsApi,
  ...earningsApi,
  ...groupsApi,
  ...teamApi,
  ...careApi,
  ...materialsApi,
  ...mediaApi,
  ...packsApi,
  ...payoutsApi,
  ...coursesApi,
  ...postingApi,
  ...settingsApi,
  ...syncApi,
  ...filesApi,
  ...startApi,
};

export function isAppError(value: unknown): value is AppError {
  return typeof value === "object" && value !== null && "code" in value && "key" in value;
}

// The message an error carries, to word with `tm`.
export function errorMessage(error: AppError): Message {
  return { key: error.key, params: error.params };
}
