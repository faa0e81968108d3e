// Pictures. Calls over the generated client (../bindings/commands.ts).
import { commands } from "../bindings/commands";
import { PICTURE, sendFile } from "./uploads";

export const mediaApi = {
  picture: (hash: string, original: boolean) => commands.picture({ hash, original }),
  addPicture: (file: File) => sendFile(file, PICTURE, (bytes) => commands.addPicture(bytes, {})),
};
