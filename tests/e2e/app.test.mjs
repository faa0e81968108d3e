// The real app in a real window: started by tauri-driver through
// WebKitWebDriver under Xvfb, on a fresh data folder, so it comes up in
// demo mode, syncs from the in-process sandbox and shows earnings.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { WebDriver, isolatedAppEnv, portOpen } from "./webdriver.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
// Where cargo put the builds: its own CARGO_TARGET_DIR when one is set
// (relative to the root, as cargo reads it), else the root's target/.
const builds = resolve(root, process.env.CARGO_TARGET_DIR ?? "target", "debug");
const application = process.env.TUANZHANG_APP ?? join(builds, "tuanzhang-desktop");
// The engine's CLI serves her platform (a second sandbox) in the connect test.
const engine = process.env.TUANZHANG_CLI ?? join(builds, "tuanzhang");
// Screenshots of what the test saw, for a person to look at (not compared).
const ARTIFACTS = join(here, "artifacts");
const HER_PLATFORM_PORT = 4471;
let herPlatform;
const HER_PDD_PORT = 4472;
let herPdd;
const PORT = 4444;

let driverProcess;
const driver = new WebDriver(`http://127.0.0.1:${PORT}`);

before(async () => {
  const env = isolatedAppEnv("tuanzhang-e2e-");
  driverProcess = spawn("tauri-driver", ["--port", String(PORT)], { env, stdio: ["ignore", "inherit", "inherit"] });
  await driver.waitFor("tauri-driver to listen", () => portOpen(PORT), 30_000);
  await driver.startApp(application);
});

after(async () => {
  try {
    await driver.end();
  } finally {
    driverProcess?.kill();
    herPlatform?.kill();
    herPdd?.kill();
  }
});

/** Clicks the first button under `css` whose text is `label`. */
async function clickButton(css, label) {
  const button = await driver.waitFor(`the button ${label}`, async () => {
    for (const b of await driver.findAll(css)) if ((await driver.text(b)).trim() === label) return b;
    return false;
  });
  await driver.click(button);
}

/** Picks the first option under `css` whose text passes `wanted`, as a person clicks it. */
async function chooseOption(css, wanted) {
  const option = await driver.waitFor("the option", async () => {
    for (const o of await driver.findAll(css)) if (wanted(await driver.text(o))) return o;
    return false;
  });
  await driver.click(option);
}

test("demo mode shows earnings and the chart on 总览, and the groups on 社群", async () => {
  // The title names the page once the window has drawn it.
  assert.match(await driver.title(), /团长工作台/);
  const banner = await driver.waitFor("the demo banner", () => driver.find('[data-testid="demo-banner"]'), 60_000);
  assert.match(await driver.text(banner), /演示模式/);

  // The first sync runs at start; the dashboard refreshes when it lands.
  const estimate = await driver.waitFor(
    "non-zero estimated earnings",
    async () => {
      const text = await driver.text(await driver.find('[data-testid="month-estimate"] strong'));
      return text !== "¥0.00" && text;
    },
    240_000,
  );
  assert.match(estimate, /^¥[\d,]+\.\d\d$/);
  const orders = await driver.text(await driver.find('[data-testid="month-orders"] strong'));
  assert.ok(Number(orders.replaceAll(",", "")) > 0, `orders: ${orders}`);

  const chart = await driver.find('[data-testid="trend-chart"]');
  assert.match(await driver.attribute(chart, "src"), /^data:image\/svg\+xml/);
  const drawn = await driver.waitFor("the chart to render", () =>
    driver.execute("return document.querySelector('[data-testid=\"trend-chart\"]').naturalWidth", []),
  );
  assert.ok(drawn > 0);
  const topGroups = await driver.text(await driver.find('[data-testid="top-groups"]'));
  assert.match(topGroups, /群/);

  await driver.click(await driver.find('[data-nav="groups"]'));
  const table = await driver.waitFor("the groups table", () => driver.find('[data-testid="groups-table"]'));
  const groups = await driver.text(table);
  assert.match(groups, /宝妈好物1群/);
  assert.match(groups, /爆品群/);
});

test("素材库: the starter library is found by a two-character word, and a new material by one character", async () => {
  await driver.click(await driver.find('[data-nav="materials"]'));
  await driver.waitFor("the starter library", () => driver.find('[data-testid="material"]'), 60_000);
  const search = await driver.find('input[type="search"]');
  await driver.type(search, "红包");
  const hits = await driver.waitFor("hits for 红包", async () => {
    const found = await driver.findAll('[data-testid="search-hits"] [data-testid="material"]');
    return found.length > 0 && found;
  });
  assert.match(await driver.text(hits[0]), /红包雨活动流程/);
  const marked = await driver.execute(
    "return [...document.querySelectorAll('[data-testid=\"search-hits\"] mark')].map((m) => m.textContent)",
    [],
  );
  assert.ok(marked.length > 0 && marked.every((m) => m === "红包"), `marked: ${marked}`);

  // Escape empties the search and shows the list again.
  await driver.type(search, "\uE00C");
  await driver.waitFor("the list again", async () => (await driver.findAll('[data-testid="search-hits"]')).length === 0);
  await driver.click(await driver.find(".library .primary"));
  const editor = await driver.waitFor("the editor", () => driver.find('[data-testid="material-editor"]'));
  assert.ok(editor);
  await driver.type(await driver.find('[data-testid="material-editor"] input[name="title"]'), "端到端<b>早安</b>");
  await driver.type(await driver.find('[data-testid="material-editor"] textarea[name="body"]'), "早上好☀️ 今天也加油");
  await driver.type(await driver.find('[data-testid="material-editor"] input[name="tags"]'), "端到端");
  await driver.click(await driver.find('[data-testid="material-editor"] button[type="submit"]'));
  await driver.waitFor("the editor to close", async () => (await driver.findAll('[data-testid="material-editor"]')).length === 0);
  await driver.type(search, "端");
  const mine = await driver.waitFor("the new material by one character", async () => {
    const found = await driver.findAll('[data-testid="search-hits"] [data-testid="material"]');
    return found.length > 0 && found;
  });
  const text = await driver.text(mine[0]);
  assert.match(text, /端到端<b>早安<\/b>/, "markup typed into a title shows as text");
  await driver.type(search, "\uE00C");

  // The 活动方案 folder as a pack, imported on "another laptop" (a second,
  // empty data folder, through the CLI), where search finds it.
  const shelves = await driver.findAll("[data-folder]");
  let campaigns;
  for (const shelf of shelves) if ((await driver.text(shelf)).includes("活动方案")) campaigns = shelf;
  assert.ok(campaigns, "the 活动方案 folder is on the shelves");
  await driver.click(campaigns);
  const exportButton = await driver.waitFor("the export button", async () => {
    for (const b of await driver.findAll('[data-testid="pack-panel"] button')) {
      if ((await driver.text(b)) === "导出为素材包") return b;
    }
    return false;
  });
  await driver.click(exportButton);
  const saved = await driver.waitFor("the pack saved", () => driver.find('[data-testid="pack-exported"]'));
  const packPath = /已保存到 (.+\.tzpack)/.exec(await driver.text(saved))?.[1];
  assert.ok(packPath && existsSync(packPath), `pack at ${packPath}`);
  const laptop = mkdtempSync(join(tmpdir(), "tuanzhang-laptop-"));
  const cli = (...args) =>
    execFileSync(engine, ["--data-dir", laptop, ...args], { env: { ...process.env, TUANZHANG_SECRET_STORE: "file" } }).toString();
  assert.match(cli("pack", "import", packPath), /imported: 3 new/);
  const found = JSON.parse(cli("materials", "search", "秒杀", "--json"));
  assert.equal(found.hits[0].material.title, "限时秒杀预告");
});

test("素材库: a kit with two pictures, copied for a group with that group's own link, travels in a pack with its pictures", async () => {
  await driver.click(await driver.find('[data-nav="materials"]'));
  await driver.waitFor("the library", () => driver.find('[data-testid="material"]'), 60_000);
  await driver.click(await driver.find(".library .primary"));
  await driver.waitFor("the editor", () => driver.find('[data-testid="material-editor"]'));
  await driver.type(await driver.find('[data-testid="material-editor"] input[name="title"]'), "端到端午间鲜果");
  await driver.type(await driver.find('[data-testid="material-editor"] textarea[name="body"]'), "{群名}的家人们，午间榴莲到了");
  await driver.type(await driver.find('[data-testid="material-editor"] input[name="product"]'), "100012043978");
  await chooseOption('[data-testid="material-editor"] select[name="folder"] option', (text) => text.trim() === "午间");
  // Two pictures dropped on the kit, as from the file manager.
  const dropped = await driver.execute(
    `const zone = document.querySelector('[data-testid="picture-drop"]');
     const make = (color) => new Promise((resolve) => {
       const c = document.createElement('canvas'); c.width = 320; c.height = 240;
       const g = c.getContext('2d'); g.fillStyle = color; g.fillRect(0, 0, 320, 240);
       c.toBlob((b) => resolve(new File([b], color.slice(1) + '.png', { type: 'image/png' })), 'image/png');
     });
     return Promise.all([make('#ff9800'), make('#4caf50')]).then((files) => {
       const dt = new DataTransfer(); files.forEach((f) => dt.items.add(f));
       zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
       return files.length;
     });`,
    [],
  );
  assert.equal(dropped, 2);
  await driver.waitFor("both pictures kept", async () => (await driver.findAll('[data-testid="parts-editor"] .part[data-kind="image"] img')).length === 2, 30_000);
  await clickButton('[data-testid="parts-editor"] button', "加商品链接");
  await driver.click(await driver.find('[data-testid="material-editor"] button[type="submit"]'));
  await driver.waitFor("the editor to close", async () => (await driver.findAll('[data-testid="material-editor"]')).length === 0);

  const search = await driver.find('input[type="search"]');
  await driver.type(search, "榴莲");
  await driver.waitFor("the kit by a two-character word", async () => {
    const found = await driver.findAll('[data-testid="search-hits"] [data-testid="material"]');
    return found.length === 1 && /端到端午间鲜果/.test(await driver.text(found[0]));
  });
  const linkFor = async (group, { copy = false } = {}) => {
    await clickButton('[data-testid="search-hits"] [data-testid="material"] button', "为群或伙伴准备…");
    await driver.waitFor("whom it is for", () => driver.find('[data-testid="copy-for"]'));
    await chooseOption('[data-testid="copy-for"] option', (text) => text === group);
    await clickButton('[data-testid="copy-for"] button', "填好并预览");
    const chat = await driver.waitFor("the chat preview", () => driver.find('[data-testid="chat-preview"]'), 30_000);
    const text = await driver.text(chat);
    assert.match(text, new RegExp(`${group}的家人们，午间榴莲到了`));
    assert.equal((await driver.findAll('[data-testid="chat-preview"] .bubble-image img')).length, 2);
    const link = /https:\/\/u\.jd\.com\/[A-Za-z0-9]{7}/.exec(text)?.[0];
    assert.ok(link, `her link in the copied text: ${text}`);
    if (copy) {
      // The clipboard takes the text and the picture (WebKit only while the click is fresh).
      await clickButton('[data-testid="chat-preview"] .bubble-image button', "复制图片");
      await driver.waitFor("the picture copied", async () =>
        (await driver.text(await driver.find('[data-testid="chat-preview"] .bubble-image button'))) === "已复制",
      );
      await clickButton('[data-testid="chat-preview"] .bubble-text ~ button', "复制这段");
      await driver.waitFor("the text copied", async () => /已复制/.test(await driver.text(await driver.find('[data-testid="chat-preview"] .bubble-text ~ button'))));
      assert.equal((await driver.findAll('[data-testid="kit-preview"] .notice-error')).length, 0);
    }
    await clickButton('[data-testid="kit-preview"] button', "关闭预览");
    return link;
  };
  const first = await linkFor("宝妈好物1群", { copy: true });
  const second = await linkFor("宝妈好物2群");
  assert.notEqual(first, second, "each group gets its own link");
  assert.equal(await linkFor("宝妈好物1群"), first, "and the same one again");

  // A starter poster, made hers for a group: a PNG with the QR code of that group's link.
  await driver.type(search, "\uE00C");
  await driver.type(search, "预热");
  await driver.waitFor("the poster", async () => {
    const found = await driver.findAll('[data-testid="search-hits"] [data-testid="material"]');
    return found.length === 1 && /双12 预热海报文案/.test(await driver.text(found[0]));
  });
  await clickButton('[data-testid="search-hits"] [data-testid="material"] button', "为群或伙伴准备…");
  await chooseOption('[data-testid="copy-for"] option', (text) => text === "宝妈好物1群");
  await clickButton('[data-testid="copy-for"] button', "填好并预览");
  await clickButton('[data-testid="kit-preview"] button', "导出带二维码的海报");
  const posterNotice = await driver.waitFor("the poster saved", () => driver.find('[data-testid="poster-saved"]'), 30_000);
  const posterPath = /已保存到 (.+\.png)/.exec(await driver.text(posterNotice))?.[1];
  assert.ok(posterPath && existsSync(posterPath), `poster at ${posterPath}`);
  assert.deepEqual([...readFileSync(posterPath).subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], "a PNG");
  await driver.type(search, "\uE00C");

  // The 午间 folder as a pack, imported on "another laptop" with its pictures.
  let noon;
  for (const shelf of await driver.findAll("[data-folder]")) if ((await driver.text(shelf)).trim().startsWith("午间")) noon = shelf;
  assert.ok(noon, "the 午间 folder is on the shelves");
  await driver.click(noon);
  const earlier = await driver.execute("return document.querySelector('[data-testid=\"pack-exported\"]')?.textContent ?? ''", []);
  await clickButton('[data-testid="pack-panel"] button', "导出为素材包");
  const saved = await driver.waitFor("the pack saved", async () => {
    const text = await driver.text(await driver.find('[data-testid="pack-exported"]'));
    return text !== earlier && /已保存到 .+\.tzpack/.test(text) && text;
  });
  const packPath = /已保存到 (.+\.tzpack)/.exec(saved)?.[1];
  const laptop = mkdtempSync(join(tmpdir(), "tuanzhang-laptop-"));
  const cli = (...args) =>
    execFileSync(engine, ["--data-dir", laptop, ...args], { env: { ...process.env, TUANZHANG_SECRET_STORE: "file" } }).toString();
  assert.match(cli("pack", "import", packPath), /imported: 3 new/);
  assert.equal(JSON.parse(cli("materials", "search", "榴莲", "--json")).hits[0].material.title, "端到端午间鲜果");
  assert.equal(JSON.parse(cli("stats", "--json")).images, 7, "the kit's two pictures and the starters' five");
});

test("课程: the demo's newcomers take the newcomers' course; a lesson signed off for one shows in her progress", async () => {
  await driver.click(await driver.find('[data-nav="materials"]'));
  await driver.click(await driver.waitFor("the courses tab", () => driver.find('[data-testid="courses-tab"]')));
  const board = await driver.waitFor("the course board", () => driver.find('[data-testid="course-board"]'), 60_000);
  const rows = await driver.findAll('[data-testid="course-board"] tbody tr[data-partner]');
  assert.equal(rows.length, 3, "the demo's three newcomers");
  assert.match(await driver.text(board), /第 1 课：认识京东联盟/);
  const partner = await driver.attribute(rows[0], "data-partner");
  const name = (await driver.text(await driver.find(`[data-partner="${partner}"] td`))).trim();
  await clickButton(`[data-partner="${partner}"] button`, "逐课打勾");
  await driver.waitFor("her lessons", () => driver.find('[data-testid="lesson-ticks"]'));
  const first = await driver.find('[data-testid="lesson-ticks"] li[data-lesson]');
  const lesson = await driver.attribute(first, "data-lesson");
  await clickButton(`[data-testid="lesson-ticks"] li[data-lesson="${lesson}"] button`, "培训师签收");
  await driver.waitFor("her progress", async () =>
    new RegExp(`${name} 已完成 25%`).test(await driver.text(await driver.find('[data-testid="lesson-ticks"]'))),
  );
  await driver.waitFor("the board to follow", async () =>
    (await driver.text(await driver.find(`[data-partner="${partner}"] [data-testid="percent"]`))) === "25%",
  );
  assert.match(await driver.text(await driver.find(`[data-testid="lesson-ticks"] li[data-lesson="${lesson}"]`)), /培训师已签收/);
});

test("收益 explains where a month's money went, down to one row's changes", async () => {
  await driver.click(await driver.find('[data-nav="earnings"]'));
  const invalidated = await driver.waitFor("the money figures", () => driver.find('.money-line[data-kind="invalidated"]'));
  await driver.click(invalidated);
  const figure = await driver.text(invalidated);
  assert.match(figure, /失效损失/);
  assert.match(figure, /¥[\d,]+\.\d\d/);
  const openHistory = await driver.waitFor("a row behind the figure", () =>
    driver.find(".money-explained tbody tr button"),
  );
  await driver.click(openHistory);
  const steps = await driver.waitFor("the row's timeline", async () => {
    const count = await driver.execute("return document.querySelectorAll('[data-testid=\"row-timeline\"] li').length", []);
    return count > 0 && count;
  });
  const last = await driver.execute(
    "const items = document.querySelectorAll('[data-testid=\"row-timeline\"] li'); return items[items.length - 1].textContent",
    [],
  );
  assert.match(last, /无效/, `an invalidated row ends invalid (${steps} states)`);
  assert.match(last, /当前/);
});

/** The path a "已保存到 …" notice names, checked to be a PNG; returns its width. */
function savedPng(notice) {
  const path = /已保存到 (.+\.png)/.exec(notice)?.[1];
  assert.ok(path && existsSync(path), `saved at ${path}`);
  const bytes = readFileSync(path);
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], "a PNG");
  return bytes.readUInt32BE(16);
}

test("收益: last month by group, its chart saved as PNG, a share card, and one pay day's lines", async () => {
  await driver.click(await driver.find('[data-nav="earnings"]'));
  await driver.waitFor("the range picker", () => driver.find('[data-testid="range-preset"]'));
  await chooseOption('[data-testid="range-preset"] option', (text) => text === "上月");
  const shown = await driver.text(await driver.find('[data-testid="range-shown"]'));
  assert.match(shown, /^\d{4}-\d{2}-01 至 \d{4}-\d{2}-(28|29|30|31)$/);
  await chooseOption('[data-testid="report-by"] option', (text) => text === "群");
  await driver.waitFor("last month's report by group", async () => {
    const cells = await driver.findAll('[data-testid="report-table"] tbody tr td:first-child');
    return cells.length > 0 && (await driver.text(cells[0])).includes("群");
  });
  // The month's estimate opens the lines it adds up.
  await driver.click((await driver.findAll('[data-testid="report-totals"] button'))[0]);
  const totalLines = await driver.waitFor("the estimate's lines", async () => {
    const rows = await driver.findAll('.report-panel [data-testid="lines-behind"] tbody tr');
    return rows.length > 0 && rows.length;
  });
  assert.ok(totalLines > 0);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, "earnings-total-lines.png"), await driver.screenshot());

  await driver.click(await driver.find('[data-testid="chart-tab-groups"]'));
  const drawn = await driver.waitFor("the by-group chart drawn", () =>
    driver.execute(
      `const img = document.querySelector('[data-testid="earnings-chart"][data-kind="groups"]');
       return !!img && img.complete && img.naturalWidth > 0 && decodeURIComponent(img.src).includes('按群预估佣金');`,
      [],
    ),
  );
  assert.ok(drawn);
  await driver.click(await driver.find('[data-testid="chart-export-png"]'));
  const chartNotice = await driver.waitFor("the chart saved", () => driver.find('[data-testid="chart-saved"]'), 30_000);
  assert.equal(savedPng(await driver.text(chartNotice)), 1920, "the chart at twice its size");

  await driver.click(await driver.find('[data-testid="share-card-make"]'));
  const cardNotice = await driver.waitFor("the share card saved", () => driver.find('[data-testid="share-card-saved"]'), 30_000);
  assert.equal(savedPng(await driver.text(cardNotice)), 1080, "a 1080-pixel card");

  const payDay = await driver.waitFor("a coming pay day", async () => {
    for (const button of await driver.findAll('[data-testid="calendar-coming"] button')) {
      if ((await driver.attribute(button, "disabled")) === null) return button;
    }
    return false;
  });
  await driver.click(payDay);
  const lines = await driver.waitFor("the pay day's lines", async () => {
    const rows = await driver.findAll('.settlement-calendar [data-testid="lines-behind"] tbody tr');
    return rows.length > 0 && rows.length;
  });
  assert.ok(lines > 0);
});

test("发帖: a noon plan for sales groups, copied for one group with its link, posted, ticks 午间分享 and shows in the log", async () => {
  // The demo's groups are in once the first sync has entered its team.
  await driver.click(await driver.waitFor("the window", () => driver.find('[data-nav="groups"]'), 60_000));
  await driver.waitFor("the demo's groups", () => driver.find('button[aria-label="编辑「宝妈好物1群」"]'), 120_000);
  await driver.click(await driver.find('[data-nav="posting"]'));
  await clickButton('[role="tab"]', "发帖计划");
  await driver.click(await driver.waitFor("the new-plan button", () => driver.find('[data-testid="new-plan"]'), 60_000));
  await driver.waitFor("the plan editor", () => driver.find('[data-testid="plan-editor"]'));
  await driver.type(await driver.find('[data-testid="plan-editor"] input[name="title"]'), "端到端午间");
  // 12:00 every day for 爆品群, ticking 午间分享, are the form's defaults.
  await chooseOption('[data-testid="plan-editor"] select[name="material"] option', (text) => text === "午间分享·纸巾囤货");
  await driver.click(await driver.find('[data-testid="plan-editor"] button[type="submit"]'));
  await driver.waitFor("the plan saved", async () => (await driver.findAll('[data-testid="plan"][data-title="端到端午间"]')).length === 1);

  await clickButton('[role="tab"]', "今日发帖");
  const id = await driver.waitFor("its post for 宝妈好物1群 in today's queue", () =>
    driver.execute(
      `const post = [...document.querySelectorAll('[data-testid="post"][data-group="宝妈好物1群"]')]
         .find((p) => p.textContent.includes('端到端午间') && p.textContent.includes('12:00'));
       return post ? post.dataset.id : false;`,
      [],
    ),
  );
  const post = `[data-testid="post"][data-id="${id}"]`;
  await driver.click(await driver.find(`${post} [data-testid="post-copy"]`));
  const copied = await driver.waitFor("the copied text", async () => {
    const shown = await driver.findAll(`${post} [data-testid="post-copied-text"]`);
    return shown.length === 1 && driver.text(shown[0]);
  }, 30_000);
  assert.match(copied, /中午好/);
  assert.match(copied, /https:\/\/u\.jd\.com\/[A-Za-z0-9]{7}/, `the group's own link in the copied text: ${copied}`);
  await clickButton(`${post} button`, "已发");
  await driver.waitFor("the post logged", async () => (await driver.findAll(`[data-testid="post"][data-id="${id}"][data-status="posted"]`)).length === 1);

  await driver.click(await driver.find('[data-nav="groups"]'));
  await driver.click(await driver.waitFor("the group's edit button", () => driver.find('button[aria-label="编辑「宝妈好物1群」"]'), 60_000));
  await driver.waitFor("午间分享 ticked from the log", () =>
    driver.execute(
      `const box = document.querySelector('[data-testid="temperature"] [data-check="noon_post"] input');
       return box !== null && box.checked;`,
      [],
    ),
  );

  await driver.click(await driver.find('[data-nav="posting"]'));
  await clickButton('[role="tab"]', "发帖记录与效果");
  const logged = await driver.waitFor("the post in the log", () => driver.find('[data-testid="log-row"][data-group="宝妈好物1群"]'));
  assert.match(await driver.text(logged), /端到端午间/);
  assert.match(await driver.text(logged), /已发/);
});

test("社群: create a group bound to a position created on the platform", async () => {
  await driver.click(await driver.find('[data-nav="groups"]'));
  await driver.click(await driver.waitFor("the new-group button", () => driver.find('[data-testid="new-group"]')));
  const name = await driver.waitFor("the group form", () => driver.find('[data-testid="group-editor"] input[name="name"]'));
  await driver.type(name, "端到端新品群");
  await driver.click(await driver.find('[data-testid="create-position"]'));
  const position = await driver.waitFor("the new position to be chosen", async () => {
    const value = await driver.execute("return document.querySelector('[data-testid=\"group-editor\"] select[name=\"position\"]').value", []);
    return value !== "" && value;
  });
  await driver.waitFor("the new position to show by its name", async () => {
    const chosen = await driver.execute(
      "const s = document.querySelector('[data-testid=\"group-editor\"] select[name=\"position\"]'); return s.options[s.selectedIndex].text",
      [],
    );
    return /端到端新品群/.test(chosen);
  });
  await driver.click(await driver.find('[data-testid="group-editor"] button[type="submit"]'));
  await driver.waitFor("the saved group's editor", async () => /编辑「端到端新品群」/.test(await driver.text(await driver.find("#group-editor-title"))));
  const row = await driver.waitFor("the group in the list", async () => {
    const text = await driver.text(await driver.find('[data-testid="groups-table"]'));
    return text.includes("端到端新品群") && text;
  });
  assert.ok(row.includes(position), `the list shows position ${position}`);
});

test("团队: import a 1,000-partner GBK CSV with 3 bad rows", async () => {
  await driver.click(await driver.find('[data-nav="team"]'));
  await driver.click(await driver.waitFor("the import/export button", () => driver.find('[data-testid="team-files"]')));
  const input = await driver.waitFor("the file input", () => driver.find('[data-testid="import-file"]'));
  await driver.type(input, join(root, "tests/fixtures/team-1000-gbk.csv"));
  const issues = await driver.waitFor("the bad rows", () => driver.find('[data-testid="import-issues"]'));
  const lines = await driver.execute(
    "return [...document.querySelectorAll('[data-testid=\"import-issues\"] tbody tr td:first-child')].map((td) => td.textContent)",
    [],
  );
  assert.deepEqual(lines, ["152", "501", "901"]);
  assert.match(await driver.text(issues), /手机号应为 11 位/);
  await driver.click(await driver.find('[data-testid="import-confirm"]'));
  const done = await driver.waitFor("the import to finish", () => driver.find('[data-testid="import-done"]'));
  assert.match(await driver.text(done), /新增 997 行/);
  assert.match(await driver.text(done), /跳过 3 行/);
});

test("团队: a 1.5 KB XLSX claiming the sheet's far corner is refused by name, and the app lives on", async () => {
  const input = await driver.waitFor("the file input", () => driver.find('[data-testid="import-file"]'));
  await driver.type(input, join(root, "tests/fixtures/far-corner.xlsx"));
  const refused = await driver.waitFor("the refusal", async () => {
    const notices = await driver.findAll('[data-testid="import-partners"] [role="alert"]');
    for (const notice of notices) {
      const text = await driver.text(notice);
      if (/far-corner\.xlsx/.test(text)) return text;
    }
    return false;
  });
  assert.match(refused, /1048576 行 × 16384 列，超过上限 200000 行 × 64 列/);
  // Still answering: another page opens.
  await driver.click(await driver.find('[data-nav="groups"]'));
  await driver.waitFor("社群 after the refusal", () => driver.find('[data-nav="groups"][aria-current="page"]'));
});

test("团队: open a partner and see her own and her downline's earnings", async () => {
  await driver.click(await driver.find('[data-nav="team"]'));
  const open = await driver.waitFor("a partner's details button", () => driver.find('[data-testid="team-table"] tbody tr button'));
  await driver.click(open);
  const team = await driver.waitFor("the downline earnings", async () => {
    const text = await driver.execute(
      "const row = document.querySelector('[data-testid=\"partner-earnings\"] tr[data-line=\"team\"]'); return row && row.textContent",
      [],
    );
    return text && text;
  });
  assert.match(team, /全部下级¥[\d,]+\.\d\d/);
  assert.doesNotMatch(team, /全部下级¥0\.00¥0\.00/, `the first partner's downline has earned something: ${team}`);
  const own = await driver.execute("return document.querySelector('[data-testid=\"partner-earnings\"] tr[data-line=\"own\"]').textContent", []);
  assert.match(own, /本人¥[\d,]+\.\d\d/);
  assert.match(await driver.text(await driver.find('[data-testid="partner-stage"]')), /消费者|分享者/);

  // Her details are edited in the same panel and read back from the store.
  await driver.click(await driver.find('[data-testid="edit-partner"]'));
  const tags = await driver.waitFor("the partner form", () => driver.find('[data-testid="partner-form"] input[name="tags"]'));
  await driver.type(tags, "端到端标签");
  await driver.click(await driver.find('[data-testid="partner-form"] button[type="submit"]'));
  await driver.waitFor("the saved tag in her details", async () => {
    const text = await driver.execute(
      "const panel = document.querySelector('[data-testid=\"partner-panel\"]'); return panel && !panel.querySelector('[data-testid=\"partner-form\"]') && panel.textContent",
      [],
    );
    return text && text.includes("端到端标签");
  });
});

test("总览: record a care contact and see the partner leave today's list", async () => {
  await driver.click(await driver.find('[data-nav="overview"]'));
  const first = await driver.waitFor("partners to contact today", () => driver.find('[data-testid="today-contact"] li'));
  const partner = await driver.attribute(first, "data-partner");
  await driver.click(await driver.find(`[data-testid="today-contact"] li[data-partner="${partner}"] button`));
  const note = await driver.waitFor("the care form", () =>
    driver.find(`[data-testid="today-contact"] li[data-partner="${partner}"] form input`),
  );
  await driver.type(note, "电话聊了本周新品");
  await driver.click(await driver.find(`[data-testid="today-contact"] li[data-partner="${partner}"] form button[type="submit"]`));
  await driver.waitFor("the partner to leave today's list", async () => {
    const still = await driver.execute(
      `return document.querySelector('[data-testid="today-contact"] li[data-partner="${partner}"]') !== null`,
      [],
    );
    return !still;
  });
});

test("设置: connect her own account, sync her platform into her own store, and go back to the demo", async () => {
  herPlatform = spawn(
    engine,
    ["sandbox", "serve", "--addr", `127.0.0.1:${HER_PLATFORM_PORT}`, "--seed", "77", "--rows-per-day", "30"]
      .concat(["--app-key", "her-app-key", "--app-secret", "her-app-secret"]),
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  await driver.waitFor("her platform to listen", () => portOpen(HER_PLATFORM_PORT), 30_000);
  const gateway = `http://127.0.0.1:${HER_PLATFORM_PORT}/routerjson`;

  await driver.click(await driver.find('[data-testid="connect-from-banner"]'));
  const key = await driver.waitFor("the account form", () => driver.find('[data-testid="app-key"]'));
  await driver.type(key, "her-app-key");
  await driver.type(await driver.find('[data-testid="app-secret"]'), "her-app-secret");
  await driver.click(await driver.find('[data-testid="account-settings"] details summary'));
  const gatewayField = await driver.find('[data-testid="gateway"]');
  await driver.clear(gatewayField);
  await driver.type(gatewayField, gateway);

  await driver.click(await driver.find('[data-testid="test-connection"]'));
  const ok = await driver.waitFor("the connection test", () => driver.find('[data-testid="connection-ok"]'), 30_000);
  assert.match(await driver.text(ok), /连接成功/);

  // Connecting opens her store and its first sync, whose progress shows on 同步.
  await driver.click(await driver.find('[data-testid="connect-account"]'));
  const badge = await driver.waitFor("her store to open", async () => {
    const text = await driver.text(await driver.find('[data-testid="store-badge"]'));
    return text === "我的数据" && text;
  });
  assert.equal(badge, "我的数据");
  const truth = await (await fetch(`http://127.0.0.1:${HER_PLATFORM_PORT}/admin/summary`)).json();
  const fetched = await driver.waitFor(
    "her first sync to finish",
    async () => {
      const last = await driver.execute(
        "const dl = document.querySelector('[data-testid=\"sync-last\"]'); return dl && !document.querySelector('[data-testid=\"sync-progress\"]') && dl.textContent",
        [],
      );
      return last && last.includes("成功") && last;
    },
    180_000,
  );
  assert.ok(fetched.includes(truth.rows.toLocaleString("en-US")), `her ${truth.rows} rows, not the demo's: ${fetched}`);
  assert.equal((await driver.findAll('[data-testid="demo-banner"]')).length, 0, "no demo banner over her data");

  // A bad day on her platform: rows it sends unreadable are set aside and
  // counted on 同步, while the rest of the run lands.
  const admin = `http://127.0.0.1:${HER_PLATFORM_PORT}/admin`;
  const faults = await fetch(`${admin}/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ bad_row_share: 0.2 }),
  });
  assert.ok(faults.ok, await faults.text());
  assert.ok((await fetch(`${admin}/clock/advance?minutes=2880`, { method: "POST" })).ok);
  await driver.click(await driver.find('[data-testid="sync-now"]'));
  const setAside = await driver.waitFor(
    "the rows set aside",
    async () => {
      const found = await driver.findAll('[data-testid="sync-rejected"]');
      return found.length > 0 && (await driver.text(found[0]));
    },
    120_000,
  );
  assert.match(setAside, /行订单无法读取，已单独保存/);
  assert.match(setAside, /estimateFee/);
  await fetch(`${admin}/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });

  // Her figures on 总览 are her platform's, then one action goes back to the demo.
  await driver.click(await driver.find('[data-nav="overview"]'));
  await driver.waitFor("her dashboard", () => driver.find('[data-testid="month-estimate"]'));
  await driver.click(await driver.find('[data-nav="settings"]'));
  await driver.click(await driver.waitFor("the store switch", () => driver.find('[data-testid="switch-store"]')));
  await driver.waitFor("the demo to open again", async () => {
    const text = await driver.text(await driver.find('[data-testid="store-badge"]'));
    return text === "演示数据";
  });
  await driver.waitFor("the demo banner", () => driver.find('[data-testid="demo-banner"]'));
});

/** Sets a date field's value as the picker would, for React to see. */
async function setDate(css, value) {
  await driver.execute(
    `const input = document.querySelector(arguments[0]);
     Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, arguments[1]);
     input.dispatchEvent(new Event('input', { bubbles: true }));`,
    [css, value],
  );
}

/**
 * The month the test closes: the latest whose platform settlement (the 20th)
 * has passed, last month from the 21st, else the one before. It settles
 * the orders completed the month before it, which her platform's 88 days of
 * orders cover (least of them on the 20th: that month's last week).
 */
function monthToClose(now = new Date()) {
  const beijing = new Date(now.getTime() + 8 * 3600 * 1000);
  const back = beijing.getUTCDate() >= 21 ? 1 : 2;
  const index = beijing.getUTCFullYear() * 12 + beijing.getUTCMonth() - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/**
 * Her own store, synced from her platform: the demo's 连接 leads there, the
 * first time (the platform started here) or again after 设置's test (its
 * platform still running, her store already holding its orders).
 */
async function openHerStore() {
  if (!herPlatform) {
    herPlatform = spawn(
      engine,
      ["sandbox", "serve", "--addr", `127.0.0.1:${HER_PLATFORM_PORT}`, "--seed", "77", "--rows-per-day", "30"]
        .concat(["--app-key", "her-app-key", "--app-secret", "her-app-secret"]),
      { stdio: ["ignore", "ignore", "inherit"] },
    );
  }
  await driver.waitFor("her platform to listen", () => portOpen(HER_PLATFORM_PORT), 30_000);
  await driver.click(await driver.waitFor("the demo banner", () => driver.find('[data-testid="connect-from-banner"]'), 60_000));
  await driver.type(await driver.waitFor("the account form", () => driver.find('[data-testid="app-key"]')), "her-app-key");
  await driver.type(await driver.find('[data-testid="app-secret"]'), "her-app-secret");
  await driver.click(await driver.find('[data-testid="account-settings"] details summary'));
  const gatewayField = await driver.find('[data-testid="gateway"]');
  await driver.clear(gatewayField);
  await driver.type(gatewayField, `http://127.0.0.1:${HER_PLATFORM_PORT}/routerjson`);
  await driver.click(await driver.find('[data-testid="test-connection"]'));
  await driver.waitFor("the connection test", () => driver.find('[data-testid="connection-ok"]'), 30_000);
  await driver.click(await driver.find('[data-testid="connect-account"]'));
  await driver.waitFor("her store to open", async () => (await driver.text(await driver.find('[data-testid="store-badge"]'))) === "我的数据");
  await driver.waitFor(
    "her first sync to finish",
    () =>
      driver.execute(
        "const dl = document.querySelector('[data-testid=\"sync-last\"]'); return !!dl && !document.querySelector('[data-testid=\"sync-progress\"]') && dl.textContent.includes('成功');",
        [],
      ),
    180_000,
  );
}

test("分润: set a plan, close a settled month, record a payment on its pay list, export a partner's statement as PNG", async () => {
  await openHerStore();
  const month = monthToClose();
  await driver.click(await driver.find('[data-nav="payouts"]'));
  const plan = '[data-testid="payout-plan"]';
  await driver.type(await driver.waitFor("the plan form", () => driver.find(`${plan} input[name="ownRate"]`), 60_000), "10");
  // From the month to close, so its settled orders are under the plan.
  await setDate(`${plan} input[name="effectiveFrom"]`, `${month}-01`);
  await driver.click(await driver.find(`${plan} button[type="submit"]`));
  const version = await driver.waitFor("the plan saved", () => driver.find('[data-testid="plan-version"]'));
  assert.match(await driver.text(version), new RegExp(`第 1 版，${month}-01 起生效`));

  // The first open month is the plan's, which the platform has settled.
  await clickButton('[data-testid="close-month"] button', `结账 ${month}`);
  await clickButton('[role="alertdialog"] button', "确认结账");
  await driver.waitFor("the month closed", () =>
    driver.execute(
      `const picked = document.querySelector('select[name="month"]');
       return !!picked && picked.value === arguments[0] && picked.selectedOptions[0].textContent.includes('已结账');`,
      [month],
    ),
  );
  const totals = await driver.text(await driver.waitFor("the month's totals", () => driver.find('[data-testid="month-totals"]')));
  assert.match(totals, /^平台结算 ¥[\d,]+\.\d\d = 伙伴 ¥[\d,]+\.\d\d \+ 你 -?¥[\d,]+\.\d\d$/);

  const payButtons = await driver.waitFor("partners to pay", async () => {
    const found = await driver.findAll('[data-testid="pay-list"] tbody button');
    return found.length > 0 && found;
  });
  await driver.click(payButtons[0]);
  const form = '[data-testid="payment-form"]';
  await driver.click(await driver.waitFor("the payment form", () => driver.find(`${form} button[type="submit"]`)));
  await clickButton(`${form} [role="alertdialog"] button`, "确认记录");
  const recorded = await driver.waitFor("the payment recorded", () => driver.find('[data-testid="payment-recorded"]'), 30_000);
  assert.match(await driver.text(recorded), new RegExp(`已记录，记入 ${month} 对账单`));

  // A partner's row opens her ledger (a click on its name cell, which WebDriver can reach).
  await driver.click((await driver.findAll('[data-testid="payout-statements"] tbody tr th'))[0]);
  await driver.waitFor("her ledger", () => driver.find('[data-testid="partner-ledger"] [data-testid="statement-figures"]'), 30_000);
  await clickButton('[data-testid="statement-export"] button', "PNG");
  const saved = await driver.waitFor("the statement saved", () => driver.find('[data-testid="statement-saved"]'), 60_000);
  assert.ok(savedPng(await driver.text(saved)) > 0);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, "payouts-ledger.png"), await driver.screenshot());

  // Back to the demo, as the window was.
  await driver.click(await driver.find('[data-nav="settings"]'));
  await driver.click(await driver.waitFor("the store switch", () => driver.find('[data-testid="switch-store"]')));
  await driver.waitFor("the demo to open again", async () => (await driver.text(await driver.find('[data-testid="store-badge"]'))) === "演示数据");
});

test("设置: connect her 多多进宝 account beside JD, see it sync, and its orders on 收益 filtered by platform", async () => {
  await openHerStore();
  herPdd = spawn(
    engine,
    ["sandbox", "serve", "--platform", "pdd", "--addr", `127.0.0.1:${HER_PDD_PORT}`, "--seed", "78"]
      .concat(["--rows-per-day", "30", "--app-key", "her-pdd-client", "--app-secret", "her-pdd-secret"]),
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  await driver.waitFor("her 多多进宝 platform to listen", () => portOpen(HER_PDD_PORT), 30_000);

  await driver.click(await driver.find('[data-nav="settings"]'));
  const pdd = '[data-testid="account-settings-pdd"]';
  await driver.type(await driver.waitFor("the 多多进宝 form", () => driver.find(`${pdd} [data-testid="app-key"]`)), "her-pdd-client");
  await driver.type(await driver.find(`${pdd} [data-testid="app-secret"]`), "her-pdd-secret");
  await driver.click(await driver.find(`${pdd} details summary`));
  const gatewayField = await driver.find(`${pdd} [data-testid="gateway"]`);
  await driver.clear(gatewayField);
  await driver.type(gatewayField, `http://127.0.0.1:${HER_PDD_PORT}/api/router`);
  await driver.click(await driver.find(`${pdd} [data-testid="test-connection"]`));
  const ok = await driver.waitFor("the 多多进宝 connection test", () => driver.find(`${pdd} [data-testid="connection-ok"]`), 30_000);
  assert.match(await driver.text(ok), /连接成功：最近一小时/);
  await driver.click(await driver.find(`${pdd} [data-testid="connect-account"]`));
  await driver.waitFor("the 多多进宝 account connected", async () =>
    (await driver.text(await driver.find(pdd))).includes("已连接：App Key her-pdd-client"),
  );

  // The round syncs JD, then 多多进宝: its run shows on 同步 by platform.
  await driver.click(await driver.find('[data-nav="sync"]'));
  await driver.waitFor(
    "the 多多进宝 run to succeed",
    () =>
      driver.execute(
        `return !document.querySelector('[data-testid="sync-progress"]') &&
           [...document.querySelectorAll('table tbody tr')].some((tr) => tr.textContent.includes('多多进宝') && tr.textContent.includes('成功'));`,
        [],
      ),
    180_000,
  );

  // 收益 by platform: 多多进宝's line, then the report filtered to it holds the same estimate.
  await driver.click(await driver.find('[data-nav="earnings"]'));
  await driver.waitFor("the platform filter", () => driver.find('[data-testid="platform-filter"]'));
  await chooseOption('[data-testid="report-by"] option', (text) => text === "平台");
  const pddEstimate = await driver.waitFor("多多进宝's line in the report by platform", () =>
    driver.execute(
      `for (const tr of document.querySelectorAll('[data-testid="report-table"] tbody tr')) {
         const cells = tr.querySelectorAll('td');
         if (cells.length > 1 && cells[0].textContent.trim() === '多多进宝') return cells[1].textContent.trim();
       }
       return false;`,
      [],
    ),
  );
  assert.match(pddEstimate, /¥[\d,]+\.\d\d/);
  assert.notEqual(pddEstimate, "¥0.00", "her 多多进宝 orders are in");
  await chooseOption('[data-testid="platform-filter"] option', (text) => text === "多多进宝");
  await driver.waitFor("the report filtered to 多多进宝", async () =>
    (await driver.text(await driver.find('[data-testid="report-totals"]'))).includes(pddEstimate),
  );
});
