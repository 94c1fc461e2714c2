// Run a child process and measure its wall time and peak resident set size.
// Peak RSS comes from GNU time's %M where /usr/bin/time is GNU time (the kernel's ru_maxrss from wait4: exact,
// and the largest of the child and any descendants it waited for); otherwise from polling the child's
// /proc/<pid>/status VmHWM (its own high-water mark) every 20 ms until it exits (Linux only).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type RssMethod = 'gnu-time' | 'proc-vmhwm' | 'none';

export interface Measured {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallS: number;
  peakRssMb: number | null;
}

export interface MeasureOptions {
  env?: NodeJS.ProcessEnv;
  /** 'inherit' shows the child's progress on our stderr; 'pipe' collects it. */
  stderr?: 'pipe' | 'inherit';
}

const GNU_TIME = '/usr/bin/time';
const tmp = mkdtempSync(path.join(tmpdir(), 'ocrdesk-bench-rss-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
let seq = 0;

function detect(): RssMethod {
  if (existsSync(GNU_TIME)) {
    const f = path.join(tmp, 'probe');
    const r = spawnSync(GNU_TIME, ['-f', '%M', '-o', f, 'true']);
    if (r.status === 0 && existsSync(f) && /^\d+$/.test(readFileSync(f, 'utf8').trim())) return 'gnu-time';
  }
  return existsSync('/proc/self/status') ? 'proc-vmhwm' : 'none';
}

export const RSS_METHOD: RssMethod = detect();

export const RSS_METHOD_TEXT: Record<RssMethod, string> = {
  'gnu-time': 'GNU time %M (ru_maxrss from wait4)',
  'proc-vmhwm': '/proc/<pid>/status VmHWM polled every 20 ms',
  none: 'not measured (no GNU time, no /proc)',
};

function vmHwmKb(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // already gone
  }
}

export function runMeasured(cmd: string, args: string[], opts: MeasureOptions = {}): Promise<Measured> {
  const rssFile = path.join(tmp, `rss-${seq++}`);
  const [file, argv] =
    RSS_METHOD === 'gnu-time' ? [GNU_TIME, ['-f', '%M', '-o', rssFile, cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(file, argv, {
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', opts.stderr ?? 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let hwmKb = 0;
    const poll =
      RSS_METHOD === 'proc-vmhwm' && child.pid !== undefined
        ? setInterval(() => (hwmKb = Math.max(hwmKb, vmHwmKb(child.pid!))), 20)
        : undefined;
    child.on('error', (e) => {
      clearInterval(poll);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearInterval(poll);
      const wallS = (performance.now() - t0) / 1000;
      let peakKb: number | null = RSS_METHOD === 'proc-vmhwm' ? hwmKb || null : null;
      if (RSS_METHOD === 'gnu-time' && existsSync(rssFile)) {
        // GNU time may write "Command exited with non-zero status N" first; %M is the last line.
        const last = readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '';
        peakKb = /^\d+$/.test(last) ? Number(last) : null;
      }
      resolve({ code, signal, stdout, stderr, wallS, peakRssMb: peakKb === null ? null : peakKb / 1024 });
    });
  });
}
