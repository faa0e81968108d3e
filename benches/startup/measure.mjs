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
import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { WebDriver, isolatedAppEnv, portOpen } from "../../tests/e2e/webdriver.mjs";

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

async function session(application) {
  await driver.waitFor(
    "a session",
    async () => {
      await driver.start({ browserName: "wry", "tauri:options": { application } });
      return true;
    },
    60_000,
  );
}

const ready = {
  [HELLO]: async () => (await driver.text(await driver.find("#ready"))) === "你好，世界 Hello, world",
  [OURS]: async () => {
    const text = await driver.text(await driver.find('[data-testid="month-estimate"] strong'));
    return /^¥[\d,]+\.\d\d$/.test(text) && text !== "¥0.00";
  },
};

/** Milliseconds from asking for the window to its first content. */
async function startUp(application) {
  const started = performance.now();
  await session(application);
  await driver.waitFor("first content", ready[application], 120_000);
  return performance.now() - started;
}

function processTree(application) {
  const all = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  const parent = new Map();
  let top = null;
  for (const pid of all) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      parent.set(pid, stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (readlinkSync(`/proc/${pid}/exe`) === application) top = pid;
    } catch {
      // gone, or not ours to read
    }
  }
  if (!top) throw new Error(`${application} is not running`);
  const tree = [top];
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (tree.includes(ppid) && !tree.includes(pid)) {
        tree.push(pid);
        grew = true;
      }
    }
  }
  return tree;
}

function pssMiB(application) {
  let kib = 0;
  for (const pid of processTree(application)) {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    kib += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
  }
  return kib / 1024;
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
  const mem = { hello: memory[HELLO], ours: memory[OURS] };
  console.log(`start-up, median of ${ROUNDS} (ms): hello-world ${start.hello.toFixed(0)}, app ${start.ours.toFixed(0)}`);
  console.log(`  every run: hello ${times[HELLO].map((t) => t.toFixed(0)).join(", ")}; app ${times[OURS].map((t) => t.toFixed(0)).join(", ")}`);
  console.log(`  ratio app/hello: ${(start.ours / start.hello).toFixed(2)} (target ≤ 1.30)`);
  console.log(`idle memory, PSS 60 s after start (MiB): hello-world ${mem.hello.toFixed(1)}, app ${mem.ours.toFixed(1)}`);
  console.log(`  ratio app/hello: ${(mem.ours / mem.hello).toFixed(2)} (target ≤ 1.25)`);
} finally {
  await driver.end().catch(() => {});
  driverProcess.kill();
}
