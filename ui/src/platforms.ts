import type { Platform } from "./bindings/Platform";

/** The platforms she can connect, in the order every list shows them. */
export const PLATFORMS: readonly Platform[] = ["jd", "pdd", "taobao"];
