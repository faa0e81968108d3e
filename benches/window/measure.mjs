// The window on a big team's year against the window on the demo, in the
// same run (release build, under Xvfb through tauri-driver, as the
// end-to-end test drives the app). For each store:
//
//   launch:   from asking for a window to 总览 showing a non-zero month
//             estimate, median of three starts;
//   pages:    each page's first data after its nav click (its heading there,
//             nothing busy, and its own data shown), three tours of every
//             page, p95 (of three: the slowest);
//   团队:      the first page, the next, the last, the one before the last,
//             a search by name, and the tree opened three levels deep;
//   收益:      a 365-day report by day, by partner and by category;
//   memory:   PSS summed over the app and every process under it (WebKit's
//             web and network processes) after each page of the first tour,
//             and after everything above.
//
// Hello-world's start-up and idle memory (benches/startup) are measured in
// the same run, for the ratios docs/BENCHMARKS.md keeps.
//
// Run through benches/window/run.sh, which builds and fills the store first.
import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { WebDriver, isolatedAppEnv, portOpen } from "../../tests/e2e/webdriver.mjs";
import { pssMiB } from "../common/processes.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// TUANZHANG_APP tries another build (a debug one, on a small store) first.
const APP = process.env.TUANZHANG_APP ?? join(root, "target/release/tuanzhang-desktop");
const HELLO = join(root, "target/release/hello-tauri");
const BIG_DIR = process.env.BIG_TEAM_DIR;
if (!BIG_DIR) throw new Error("BIG_TEAM_DIR names the folder benches/big_team filled");
const STARTS = Number(process.env.WINDOW_STARTS ?? 3);
const TOURS = 3;
const PORT = 4456;
const PAGES = ["overview", "posting", "groups", "team", "materials", "earnings", "sync", "settings"];
const HELLO_SETTLE_MS = 60_000;

// Inside the page: nothing on the page is still loading.
const BUSY = `!!document.querySelector('main [aria-busy="true"]')`;
const MONTH_SHOWN = `(() => { const el = document.querySelector('[data-testid="month-estimate"] strong');
  return !!el && /^¥[\\d,]+\\.\\d\\d$/.test(el.textContent) && el.textContent !== "¥0.00"; })()`;
// Each page's own data, beyond its heading and the absence of anything busy.
const DATA = {
  overview: MONTH_SHOWN,
  posting: "true",
  groups: `!!document.querySelector('[data-testid="groups-table"] tbody tr')`,
  team: `!!document.querySelector('[data-testid="team-table"] tbody tr')`,
  materials: `!!document.querySelector('[data-testid="material"]')`,
  earnings: `!!document.querySelector('[data-testid="report-table"] tbody tr')`,
  sync: `!!document.querySelector('[data-testid="sync-last"]')`,
  settings: "true",
};
const pageShown = (page) => `return !!document.getElementById("${page}-title") && !${BUSY} && ${DATA[page]};`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

/** Milliseconds until `script` answers true inside the page, polled every
 *  10 ms in one round trip each. */
async function until(driver, what, script, timeoutMs = 120_000) {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await driver.execute(script, []).catch(() => false)) return performance.now() - started;
    await sleep(10);
  }
  throw new Error(`${what}: not shown in ${timeoutMs / 1000} s`);
}

/** Runs `script` (which may act on the page) and times until `done` holds. */
async function timed(driver, what, script, done) {
  const started = performance.now();
  await driver.execute(script, []);
  await until(driver, what, done);
  return performance.now() - started;
}


/** A tauri-driver whose apps see `env` (the store they open). */
async function withDriver(env, work) {
  const driverProcess = spawn("tauri-driver", ["--port", String(PORT)], { env, stdio: "ignore" });
  const driver = new WebDriver(`http://127.0.0.1:${PORT}`);
  try {
    await driver.waitFor("tauri-driver", () => portOpen(PORT), 30_000);
    return await work(driver);
  } finally {
    await driver.end().catch(() => {});
    driverProcess.kill();
    await sleep(500);
  }
}

async function launch(driver, application, ready) {
  const started = performance.now();
  await driver.startApp(application);
  await until(driver, "first content", ready);
  return performance.now() - started;
}

const clickNav = (page) => `document.querySelector('[data-nav="${page}"]').click();`;
// The 团队 table's first row, to tell one page from the next.
const FIRST_ROW = `(document.querySelector('[data-testid="team-table"] tbody tr')?.textContent ?? "")`;
const pressButton = (label) => `const b = [...document.querySelectorAll("main button")].find((x) => x.textContent.trim() === ${JSON.stringify(label)});
  if (!b) throw new Error("no button " + ${JSON.stringify(label)}); b.click();`;
// React listens for input events; a value set through the prototype's
// setter is what it sees as typed.
const setValue = (css, value, event) => `const el = document.querySelector(${JSON.stringify(css)});
  const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, "value").set.call(el, ${JSON.stringify(value)});
  el.dispatchEvent(new Event(${JSON.stringify(event)}, { bubbles: true }));`;

/** Presses a pager button and times until the table shows another first row. */
async function teamPage(driver, label) {
  const before = await driver.execute(`return ${FIRST_ROW};`, []);
  return timed(driver, `团队 ${label}`, pressButton(label), `return !${BUSY} && ${FIRST_ROW} !== ${JSON.stringify(before)} && ${FIRST_ROW} !== "";`);
}

async function teamFlows(driver) {
  await driver.execute(clickNav("team"), []);
  await until(driver, "团队", pageShown("team"));
  const figures = {};
  figures["next page"] = await teamPage(driver, "下一页");
  figures["last page"] = await teamPage(driver, "末页");
  figures["page before the last"] = await teamPage(driver, "上一页");
  figures["first page"] = await teamPage(driver, "首页");
  const name = await driver.execute(
    `return [...document.querySelectorAll('[data-testid="team-table"] tbody tr')].at(-1).querySelector("th, td").textContent.trim();`,
    [],
  );
  figures[`search "${name}"`] = await timed(
    driver,
    "search",
    setValue('[data-testid="team-search"] input, input[data-testid="team-search"]', name, "input"),
    `return !${BUSY} && ${FIRST_ROW}.includes(${JSON.stringify(name)});`,
  );
  await driver.execute(setValue('[data-testid="team-search"] input, input[data-testid="team-search"]', "", "input"), []);
  figures["tree, first level"] = await timed(
    driver,
    "tree",
    `document.querySelector('[data-testid="toggle-tree"]').click();`,
    `return !!document.querySelector('[data-testid="team-tree"] > li[role="treeitem"]');`,
  );
  // Opens the first branch of the top level, then the first branch under
  // it: three levels shown.
  for (const level of [2, 3]) {
    const scope =
      level === 2
        ? `document.querySelector('[data-testid="team-tree"]')`
        : `window.__opened.querySelector(':scope > ul[role="group"]')`;
    figures[`tree, level ${level}`] = await timed(
      driver,
      `tree level ${level}`,
      `const shut = ${scope}.querySelector(':scope > li[role="treeitem"][aria-expanded="false"]');
       window.__opened = shut; shut.querySelector(':scope > button.twisty').click();`,
      `const ul = window.__opened.querySelector(':scope > ul[role="group"]'); return !!ul && !!ul.querySelector('li[role="treeitem"]');`,
    );
  }
  return figures;
}

async function yearReport(driver) {
  await driver.execute(clickNav("earnings"), []);
  await until(driver, "收益", pageShown("earnings"));
  const figures = {};
  const table = `(document.querySelector('[data-testid="report-table"]')?.textContent ?? "")`;
  const today = new Date(Date.now() + 8 * 3600 * 1000);
  const from = new Date(today.getTime() - 364 * 86400 * 1000).toISOString().slice(0, 10);
  await driver.execute(setValue('select[data-testid="report-by"]', "day", "change"), []);
  await driver.execute(setValue('select[data-testid="range-preset"]', "custom", "change"), []);
  await until(driver, "the date fields", `return document.querySelectorAll('.range-picker input[type="date"]').length === 2;`);
  for (const [by, act] of [
    ["by day", setValue('.range-picker input[type="date"]', from, "input")],
    ["by partner", setValue('select[data-testid="report-by"]', "partner", "change")],
    ["by category", setValue('select[data-testid="report-by"]', "category", "change")],
  ]) {
    const before = await driver.execute(`return ${table};`, []);
    figures[`365 days ${by}`] = await timed(
      driver,
      by,
      act,
      `return !${BUSY} && ${table} !== ${JSON.stringify(before)} && !!document.querySelector('[data-testid="report-table"] tbody tr');`,
    );
  }
  return figures;
}

/** Everything above for one store. */
async function measureStore(label, env) {
  return withDriver(env, async (driver) => {
    // A first start makes and syncs the demo; nothing is timed on it.
    await launch(driver, APP, `return ${MONTH_SHOWN};`);
    await driver.end();
    const launches = [];
    for (let i = 0; i < STARTS; i++) {
      launches.push(await launch(driver, APP, `return ${MONTH_SHOWN};`));
      if (i < STARTS - 1) await driver.end();
    }
    const pages = Object.fromEntries(PAGES.map((p) => [p, []]));
    const memoryAfter = {};
    for (let tour = 0; tour < TOURS; tour++) {
      for (const page of PAGES) {
        const started = performance.now();
        await driver.execute(clickNav(page), []);
        await until(driver, page, pageShown(page));
        pages[page].push(performance.now() - started);
        if (tour === 0) memoryAfter[page] = pssMiB(APP).total;
      }
    }
    const team = await teamFlows(driver);
    const report = await yearReport(driver);
    const memory = pssMiB(APP).total;
    console.log(`\n== ${label}`);
    console.log(`launch to 总览 with data, median of ${STARTS}: ${median(launches).toFixed(0)} ms (${launches.map((t) => t.toFixed(0)).join(", ")})`);
    for (const page of PAGES) {
      console.log(`  ${page.padEnd(10)} first data p95 ${p95(pages[page]).toFixed(0).padStart(6)} ms (${pages[page].map((t) => t.toFixed(0)).join(", ")}); PSS after ${memoryAfter[page].toFixed(1)} MiB`);
    }
    for (const [what, ms] of Object.entries({ ...team, ...report })) console.log(`  ${what.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms`);
    console.log(`  PSS after everything: ${memory.toFixed(1)} MiB`);
    return { launch: median(launches), pages, memoryAfter, team, report, memory };
  });
}

async function measureHello(env) {
  return withDriver(env, async (driver) => {
    const ready = `const el = document.querySelector("#ready"); return !!el && el.textContent === "你好，世界 Hello, world";`;
    const launches = [];
    let memory = 0;
    for (let i = 0; i < STARTS; i++) {
      const started = performance.now();
      launches.push(await launch(driver, HELLO, ready));
      if (i === 0) {
        await sleep(Math.max(0, HELLO_SETTLE_MS - (performance.now() - started)));
        memory = pssMiB(HELLO).total;
      }
      await driver.end();
    }
    console.log(`\n== hello-world: launch median ${median(launches).toFixed(0)} ms, PSS 60 s after start ${memory.toFixed(1)} MiB`);
    return { launch: median(launches), memory };
  });
}

const hello = await measureHello(isolatedAppEnv("tuanzhang-window-hello-", {}));
const demo = await measureStore("demo", isolatedAppEnv("tuanzhang-window-demo-", { TUANZHANG_SECRET_STORE: "file" }));
const big = await measureStore("big team's year", {
  ...isolatedAppEnv("tuanzhang-window-big-", { TUANZHANG_SECRET_STORE: "file" }),
  TUANZHANG_DATA_DIR: BIG_DIR,
});

const worst = (store) => Math.max(...Object.values(store.pages).map(p95), ...Object.values(store.team), ...Object.values(store.report));
console.log("\n== ratios");
console.log(`launch to 总览 with data: big ${big.launch.toFixed(0)} ms / demo ${demo.launch.toFixed(0)} ms = ${(big.launch / demo.launch).toFixed(2)} (goal ≤ 1.50)`);
console.log(`slowest first data: big ${worst(big).toFixed(0)} ms, demo ${worst(demo).toFixed(0)} ms (goal ≤ 300 ms p95)`);
console.log(`memory after every page: big ${big.memory.toFixed(1)} / demo ${demo.memory.toFixed(1)} MiB = ${(big.memory / demo.memory).toFixed(2)} (goal ≤ 1.30)`);
console.log(`against hello-world: launch demo ${(demo.launch / hello.launch).toFixed(2)}×, big ${(big.launch / hello.launch).toFixed(2)}×; memory demo ${(demo.memory / hello.memory).toFixed(2)}×, big ${(big.memory / hello.memory).toFixed(2)}×`);
