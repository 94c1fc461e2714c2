// A child process's wall time and memory, counting its whole process tree: OCRmyPDF runs Tesseract, Ghostscript
// and a worker pool beside its Python process, so one process's ru_maxrss would undercount it.
// Linux only (/proc); elsewhere the memory figures are null.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface TreeMeasured {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallS: number;
  /** Largest sum of VmRSS over the tree, sampled every `pollMs`. */
  peakTreeRssMb: number | null;
  /** Largest VmHWM (own high-water mark) of any one process in the tree. */
  peakProcessRssMb: number | null;
  /** Load average when the run started and ended (other work on the machine skews every time). */
  load: [number, number];
}

function status(pid: number): { ppid: number; rssKb: number; hwmKb: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const num = (k: string): number => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? 0);
    return { ppid: num('PPid'), rssKb: num('VmRSS'), hwmKb: num('VmHWM') };
  } catch {
    return undefined; // gone meanwhile
  }
}

/** The pid and all its descendants with their memory, from one pass over /proc. */
function tree(root: number): Array<{ rssKb: number; hwmKb: number }> {
  const all = new Map<number, { ppid: number; rssKb: number; hwmKb: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = status(Number(d));
    if (s) all.set(Number(d), s);
  }
  const inTree = new Set([root]);
  // Parents have lower pids most of the time, not always: repeat until nothing is added.
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, s] of all)
      if (!inTree.has(pid) && inTree.has(s.ppid)) {
        inTree.add(pid);
        grew = true;
      }
  }
  return [...inTree].flatMap((p) => (all.has(p) ? [all.get(p)!] : []));
}

const loadNow = (): number => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

export function runTreeMeasured(
  cmd: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; stderr?: 'pipe' | 'inherit'; pollMs?: number } = {},
): Promise<TreeMeasured> {
  const proc = existsSync('/proc/loadavg');
  const load0 = proc ? loadNow() : 0;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, {
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', opts.stderr ?? 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let treeKb = 0;
    let processKb = 0;
    const sample = (): void => {
      if (child.pid === undefined) return;
      const t = tree(child.pid);
      treeKb = Math.max(
        treeKb,
        t.reduce((a, p) => a + p.rssKb, 0),
      );
      processKb = Math.max(processKb, ...t.map((p) => p.hwmKb));
    };
    const poll = proc ? setInterval(sample, opts.pollMs ?? 100) : undefined;
    child.on('error', (e) => {
      clearInterval(poll);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearInterval(poll);
      resolve({
        code,
        signal,
        stdout,
        stderr,
        wallS: (performance.now() - t0) / 1000,
        peakTreeRssMb: proc ? treeKb / 1024 : null,
        peakProcessRssMb: proc ? processKb / 1024 : null,
        load: [load0, proc ? loadNow() : 0],
      });
    });
  });
}
