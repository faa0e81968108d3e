// A small W3C WebDriver client over fetch: the handful of calls the
// end-to-end test needs, with no browser-automation framework to install.
import { mkdtempSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

/** Whether something listens on the loopback `port`. */
export function portOpen(port) {
  return new Promise((done) => {
    const socket = createConnection({ host: "127.0.0.1", port }, () => {
      socket.end();
      done(true);
    });
    socket.on("error", () => done(false));
  });
}

/**
 * The environment for an app started by tauri-driver: a fresh data folder,
 * and WebKit's own files (kept under XDG folders whatever the app's data
 * folder is) in a temporary home, so no run leaves anything behind.
 */
export function isolatedAppEnv(prefix, extra = {}) {
  const home = mkdtempSync(join(tmpdir(), prefix));
  return {
    ...process.env,
    XDG_DATA_HOME: join(home, "data"),
    XDG_CONFIG_HOME: join(home, "config"),
    XDG_CACHE_HOME: join(home, "cache"),
    TUANZHANG_DATA_DIR: join(home, "tuanzhang"),
    WEBKIT_DISABLE_DMABUF_RENDERER: "1",
    ...extra,
  };
}

export class WebDriver {
  constructor(base) {
    this.base = base;
    this.session = null;
  }

  async call(method, path, body) {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      // A hung driver call fails the test in a minute instead of stalling CI.
      signal: AbortSignal.timeout(60_000),
    });
    const json = await response.json();
    if (!response.ok || (json.value && json.value.error)) {
      throw new Error(`${method} ${path}: ${JSON.stringify(json.value ?? json)}`);
    }
    return json.value;
  }

  async start(capabilities) {
    const value = await this.call("POST", "/session", { capabilities: { alwaysMatch: capabilities } });
    this.session = value.sessionId;
  }

  /** A session on the Tauri app at `application`. tauri-driver listens
   *  before the WebKitWebDriver it starts does; on a busy machine the first
   *  session request can find nobody behind it, so it is asked again. */
  async startApp(application) {
    await this.waitFor(
      "a WebDriver session",
      async () => {
        await this.start({ browserName: "wry", "tauri:options": { application } });
        return true;
      },
      60_000,
    );
  }

  cmd(method, path, body) {
    return this.call(method, `/session/${this.session}${path}`, body);
  }

  async find(css) {
    const value = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return value[ELEMENT];
  }

  async findAll(css) {
    const value = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return value.map((e) => e[ELEMENT]);
  }

  text(element) {
    return this.cmd("GET", `/element/${element}/text`);
  }

  attribute(element, name) {
    return this.cmd("GET", `/element/${element}/attribute/${name}`);
  }

  /** Types into a field as a person would (WebDriver "Element Send Keys"). */
  type(element, text) {
    return this.cmd("POST", `/element/${element}/value`, { text });
  }

  clear(element) {
    return this.cmd("POST", `/element/${element}/clear`, {});
  }

  click(element) {
    return this.cmd("POST", `/element/${element}/click`, {});
  }

  execute(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  title() {
    return this.cmd("GET", "/title");
  }

  /** The window as PNG bytes (WebDriver "Take Screenshot"). */
  async screenshot() {
    return Buffer.from(await this.cmd("GET", "/screenshot"), "base64");
  }

  async end() {
    if (this.session) await this.cmd("DELETE", "");
    this.session = null;
  }

  /** Polls `probe` until it returns a truthy value or `timeoutMs` passes. */
  async waitFor(what, probe, timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      try {
        const value = await probe();
        if (value) return value;
      } catch (error) {
        last = error;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
  }
}
