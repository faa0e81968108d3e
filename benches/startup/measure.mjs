// Start-up and idle memory of the app against a hello-world Tauri 2 app
// built with the same Tauri and profile, in the same run (release builds,
// under Xvfb through tauri-driver, as the end-to-end test drives the app).
//
//   start-up: from asking for a window to the first 总览 with data (the demo
//             store generated beforehand), against hello-world's first text;
//   memory:   PSS summed over the app and every process under it (WebKit's
//             web and network processes), 60 s after start, after visiting
//             every page once.
//
// Run through benches/startup/run.sh, which builds both first.
import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { WebDriver, isolatedAppEnv, portOpen } from "../../tests/e2e/webdriver.mjs";
import { pssMiB } from "../common/processes.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const OURS = join(root, "target/release/tuanzhang-desktop");
const HELLO = join(root, "target/release/hello-tauri");
const ROUNDS = Number(process.env.STARTUP_ROUNDS ?? 3);
const SETTLE_MS = 60_000;
const PORT = 4455;
const PAGES = ["groups", "team", "materials", "earnings", "sync", "settings", "overview"];

const env = isolatedAppEnv("tuanzhang-startup-", { TUANZHANG_SECRET_STORE: "file" });

const driverProcess = spawn("tauri-driver", ["--port", String(PORT)], { env, stdio: "ignore" });
const driver = new WebDriver(`http://127.0.0.1:${PORT}`);
await driver.waitFor("tauri-driver", () => portOpen(PORT), 30_000);

// Each app's first content, checked inside the page in one round trip.
const ready = {
  [HELLO]: `const el = document.querySelector("#ready"); return !!el && el.textContent === "你好，世界 Hello, world";`,
  [OURS]: `const el = document.querySelector('[data-testid="month-estimate"] strong');
           return !!el && /^¥[\\d,]+\\.\\d\\d$/.test(el.textContent) && el.textContent !== "¥0.00";`,
};

/** Milliseconds from asking for the window to its first content, polled
 *  every 10 ms: the tests' half-second polling would round every start up
 *  to the next poll and tell apart apps that differ by less. */
async function startUp(application) {
  const started = performance.now();
  await driver.startApp(application);
  const deadline = started + 120_000;
  while (performance.now() < deadline) {
    const shown = await driver.execute(ready[application], []).catch(() => false);
    if (shown) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${application} showed no content in two minutes`);
}

async function visitEveryPage() {
  for (const page of PAGES) {
    await driver.click(await driver.find(`[data-nav="${page}"]`));
    await new Promise((r) => setTimeout(r, 500));
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  // The demo store is generated and synced once before anything is timed.
  await startUp(OURS);
  await driver.end();

  const times = { [HELLO]: [], [OURS]: [] };
  const memory = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const application of [HELLO, OURS]) {
      const began = performance.now();
      times[application].push(await startUp(application));
      if (round === 0) {
        if (application === OURS) await visitEveryPage();
        await new Promise((r) => setTimeout(r, Math.max(0, SETTLE_MS - (performance.now() - began))));
        memory[application] = pssMiB(application);
      }
      await driver.end();
    }
  }
  const start = { hello: median(times[HELLO]), ours: median(times[OURS]) };
  const mem = { hello: memory[HELLO].total, ours: memory[OURS].total };
  const parts = (m) => Object.entries(m.byName).map(([n, v]) => `${n} ${v.toFixed(1)}`).join(", ");
  console.log(`start-up, median of ${ROUNDS} (ms): hello-world ${start.hello.toFixed(0)}, app ${start.ours.toFixed(0)}`);
  console.log(`  every run: hello ${times[HELLO].map((t) => t.toFixed(0)).join(", ")}; app ${times[OURS].map((t) => t.toFixed(0)).join(", ")}`);
  console.log(`  ratio app/hello: ${(start.ours / start.hello).toFixed(2)} (target ≤ 1.30)`);
  console.log(`idle memory, PSS 60 s after start (MiB): hello-world ${mem.hello.toFixed(1)}, app ${mem.ours.toFixed(1)}`);
  console.log(`  ratio app/hello: ${(mem.ours / mem.hello).toFixed(2)} (target ≤ 1.25)`);
  console.log(`  hello-world: ${parts(memory[HELLO])}`);
  console.log(`  app: ${parts(memory[OURS])}`);
} finally {
  await driver.end().catch(() => {});
  driverProcess.kill();
}
