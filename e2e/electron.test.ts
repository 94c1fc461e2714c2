// The desktop app as a user gets it, driven by Playwright's _electron: window, GUI, bridge, sandbox, blocked
// navigation, a job from a dropped file's path, the second-instance handover and quitting. Needs the Electron
// binary, which `npm ci` cannot fetch offline: without it every test here skips and says why. (Never
// `require('electron')` to find out: that starts the download.)
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { ApiClient } from '../src-shared/api-client.ts';
import type { DesktopBridge } from '../src-shared/desktop-bridge.ts';
import { BRIDGE_KEYS } from '../src-main/electron/bridge-keys.ts';
import { Store } from '../src-main/engine/store/store.ts';
import { ROOT, textImage } from './fixtures.ts';

/**
 * The few page globals these tests touch (the e2e room has no DOM types). Used inside page.evaluate callbacks,
 * which run in the page, where they are real.
 */
interface PageWindow {
  ocrdesk?: DesktopBridge;
  location: { href: string };
  open(url: string): unknown;
  document: {
    body: { append(node: unknown): void };
    createElement(tag: 'input'): { type: string; id: string; style: { display: string } };
    getElementById(id: string): { files: ArrayLike<File> | null } | null;
  };
}

/** node_modules/electron/path.txt names the binary inside dist/ once install.js has downloaded it. */
function electronExecutable(): string | undefined {
  const dir = path.join(ROOT, 'node_modules', 'electron');
  const pathTxt = path.join(dir, 'path.txt');
  if (!existsSync(pathTxt)) return undefined;
  const exe = path.join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(exe) ? exe : undefined;
}

const EXE = electronExecutable();
const hasDisplay =
  process.platform !== 'linux' || !!process.env['DISPLAY'] || !!process.env['WAYLAND_DISPLAY'];
const SKIP = !EXE
  ? 'Electron binary not installed (node_modules/electron/dist missing; run `npx install-electron` with internet)'
  : !hasDisplay
    ? 'no display for Electron (set DISPLAY, e.g. run the tests under xvfb-run)'
    : false;

const home = mkdtempSync(path.join(tmpdir(), 'ocrdesk-electron-'));
let app: ElectronApplication | undefined;
let page: Page;
let setupSkip: string | false = false;

before(async () => {
  if (SKIP) return;
  // The app runs the bundles with better-sqlite3 built for Electron's ABI (dist/node_modules, see the script).
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-electron.mjs'), '--native'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    setupSkip = `could not build for Electron (better-sqlite3 needs Electron's headers once, from the internet): ${build.stderr.slice(-300)}`;
    return;
  }
  if (!existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) {
    const gui = spawnSync('npm', ['run', 'build:gui'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(gui.status, 0, gui.stderr);
  }
  app = await _electron.launch({
    executablePath: EXE!,
    args: ['.'],
    cwd: ROOT,
    env: { ...process.env, OCRDESK_HOME: home, OCRDESK_PROVIDER: 'cpu' },
    timeout: 90_000,
  });
  page = await app.firstWindow({ timeout: 90_000 });
  await page.waitForLoadState('load');
});

after(async () => {
  await app?.close().catch(() => undefined);
});

/** Skips with the reason when the app could not be started here; otherwise returns the running app. */
function running(t: { skip(reason: string): void }): ElectronApplication | undefined {
  if (setupSkip) t.skip(setupSkip);
  return setupSkip ? undefined : app;
}

void test('the window opens on the engine’s GUI, served from 127.0.0.1', { skip: SKIP }, async (t) => {
  if (!running(t)) return;
  const url = new URL(page.url());
  assert.equal(url.hostname, '127.0.0.1');
  assert.equal(url.pathname, '/');
  const res = await page.request.get(page.url());
  assert.equal(res.status(), 200, 'the built GUI, not the "GUI not built" page');
  assert.match(await page.title(), /OCR Desk/i);
});

void test('window.ocrdesk has exactly the bridge keys, with the API token', { skip: SKIP }, async (t) => {
  if (!running(t)) return;
  const bridge = await page.evaluate(() => {
    const b = (globalThis as unknown as PageWindow).ocrdesk;
    return b && { keys: Object.keys(b), kind: b.kind, apiUrl: b.apiUrl, token: b.token };
  });
  assert.ok(bridge, 'window.ocrdesk exists');
  assert.deepEqual(bridge.keys.sort(), [...BRIDGE_KEYS].sort());
  assert.equal(bridge.kind, 'electron');
  assert.equal(bridge.apiUrl, new URL(page.url()).origin);
  assert.equal(bridge.token, readFileSync(path.join(home, 'api-token'), 'utf8').trim());
});

void test('the page has no Node: process and require are undefined', { skip: SKIP }, async (t) => {
  if (!running(t)) return;
  const types = await page.evaluate(() => {
    const g = globalThis as Record<string, unknown>;
    return [typeof g['process'], typeof g['require'], typeof g['module'], typeof g['Buffer']];
  });
  assert.deepEqual(types, ['undefined', 'undefined', 'undefined', 'undefined']);
});

void test('navigation to a foreign URL and new windows are blocked', { skip: SKIP }, async (t) => {
  const electronApp = running(t);
  if (!electronApp) return;
  const before = page.url();
  await page.evaluate(() => {
    (globalThis as unknown as PageWindow).location.href = 'https://example.com/';
  });
  await page.waitForTimeout(1000);
  assert.equal(page.url(), before);
  const opened = await page.evaluate(
    () => (globalThis as unknown as PageWindow).open('https://example.com/') === null,
  );
  assert.ok(opened, 'window.open is denied');
  assert.equal(electronApp.windows().length, 1);
});

void test('a job from a dropped file’s path completes', { skip: SKIP }, async (t) => {
  if (!running(t)) return;
  const scan = path.join(home, 'dropped.png');
  await textImage(scan, 'Dropped from the desktop\nInvoice 77');
  // Files chosen through the OS (as in a drop) are backed by a path that only the preload can read.
  await page.evaluate(() => {
    const { document } = globalThis as unknown as PageWindow;
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'e2e-file';
    input.style.display = 'none';
    document.body.append(input);
  });
  await page.setInputFiles('#e2e-file', scan);
  const job = await page.evaluate(async () => {
    const w = globalThis as unknown as PageWindow;
    const bridge = w.ocrdesk!;
    const file = w.document.getElementById('e2e-file')!.files![0]!;
    const p = bridge.pathForFile(file);
    const res = await fetch(`${bridge.apiUrl}/api/v1/jobs?wait=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ paths: [p] }),
    });
    return { path: p, status: res.status, body: (await res.json()) as { id: string; status: string } };
  });
  assert.equal(job.path, scan);
  assert.equal(job.status, 201);
  assert.equal(job.body.status, 'completed');
});

void test(
  'a second launch hands its files to the running app, which makes a job of them',
  { skip: SKIP },
  async (t) => {
    if (!running(t)) return;
    const scan = path.join(home, 'second.png');
    await textImage(scan, 'Second instance');
    const second = spawn(EXE!, ['.', scan], {
      cwd: ROOT,
      env: { ...process.env, OCRDESK_HOME: home },
      stdio: 'ignore',
    });
    const code = await new Promise<number | null>((r) => second.once('exit', r));
    assert.equal(code, 0, 'the second instance quits at once');
    const client = new ApiClient(
      new URL(page.url()).origin,
      readFileSync(path.join(home, 'api-token'), 'utf8').trim(),
    );
    const deadline = Date.now() + 60_000;
    let found: string | undefined;
    while (!found && Date.now() < deadline) {
      const list = await client.listJobs({ status: 'completed' });
      found = list.jobs.find((j) => j.files.some((f) => f.name === 'second.png'))?.id;
      if (!found) await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(found, 'a completed job holds second.png');
  },
);

void test('quitting stops the engine and ends the app', { skip: SKIP }, async (t) => {
  const electronApp = running(t);
  if (!electronApp) return;
  const proc = electronApp.process();
  const exited = new Promise<number | null>((r) => proc.once('exit', r));
  await electronApp.evaluate(({ app: a }) => a.quit());
  const code = await Promise.race([
    exited,
    new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000)),
  ]);
  assert.notEqual(code, 'timeout');
  app = undefined;
  // The engine closed the database cleanly: it opens, and holds the jobs of the tests above.
  const store = Store.open(path.join(home, 'ocrdesk.sqlite'));
  try {
    assert.ok(store.jobs.counts().completed >= 2);
  } finally {
    store.close();
  }
});
