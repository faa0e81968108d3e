// A small W3C WebDriver client over fetch: the handful of calls the
// end-to-end test needs, with no browser-automation framework to install.
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

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
