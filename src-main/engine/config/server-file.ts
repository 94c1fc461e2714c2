// `server.json` in a data folder says which engine serves it: URL, port and process. Every engine host writes it
// (`ocrdesk serve`, the desktop app), so scripts and `ocrdesk jobs` find the running API without being told its
// port, and a second engine on the same database is refused instead of racing the first one's queue.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ServerRecord {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
}

export function serverFile(home: string): string {
  return path.join(home, 'server.json');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The record as written, or undefined where there is none or it is unreadable (half-written, garbage). */
function readRecord(home: string): Partial<ServerRecord> | undefined {
  try {
    return JSON.parse(readFileSync(serverFile(home), 'utf8')) as Partial<ServerRecord>;
  } catch {
    return undefined;
  }
}

/** The engine serving `home`, if its record is readable and its process still runs (a crash leaves the file). */
export function runningServer(home: string): ServerRecord | undefined {
  const r = readRecord(home);
  if (!r) return undefined;
  if (typeof r.url !== 'string' || typeof r.port !== 'number' || typeof r.pid !== 'number') return undefined;
  return alive(r.pid) ? { url: r.url, port: r.port, pid: r.pid } : undefined;
}

/**
 * Claims `home` for this process before its engine starts: the record is created exclusively (pid only, no URL
 * yet), so of two engines starting at once only one gets it. Returns the other engine's record where a live
 * process holds the folder; a record of a dead process (a crash) or of this process is taken over.
 */
export function claimServerFile(home: string): Partial<ServerRecord> | undefined {
  const file = serverFile(home);
  const mine = `${JSON.stringify({ pid: process.pid })}\n`;
  try {
    writeFileSync(file, mine, { mode: 0o600, flag: 'wx' });
    return undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  // An unreadable record is nobody's claim.
  const held = readRecord(home) ?? {};
  if (typeof held.pid === 'number' && held.pid !== process.pid && alive(held.pid)) return held;
  writeFileSync(file, mine, { mode: 0o600 });
  return undefined;
}

export function writeServerFile(home: string, record: ServerRecord): void {
  // User-only, like the token beside it.
  writeFileSync(serverFile(home), `${JSON.stringify(record)}\n`, { mode: 0o600 });
}

/** Removes the record if it is still this process's (a later engine may have replaced it). */
export function removeServerFile(home: string, pid = process.pid): void {
  if (readRecord(home)?.pid === pid) rmSync(serverFile(home), { force: true });
}
