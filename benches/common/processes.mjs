// What the window benchmarks share: an app's processes (the app and every
// process under it: WebKit's web and network processes) and their memory.
import { readFileSync, readdirSync, readlinkSync } from "node:fs";

/** The pids of `application` (by its executable's path) and its descendants. */
export function processTree(application) {
  const parent = new Map();
  let top = null;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
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

/** PSS summed over the app's processes, and per process name, in MiB. */
export function pssMiB(application) {
  let kib = 0;
  const byName = {};
  for (const pid of processTree(application)) {
    try {
      const pss = Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0);
      const name = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      byName[name] = (byName[name] ?? 0) + pss / 1024;
      kib += pss;
    } catch {
      // a helper process that just ended
    }
  }
  return { total: kib / 1024, byName };
}
