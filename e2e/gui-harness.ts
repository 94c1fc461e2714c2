// The GUI in a real Chromium against a real `ocrdesk serve` (temp home, one-time login link), for every GUI test.
// Stable API (the viewer's tests use it too): startGui() -> { page, serve, api, home, dir, screenshot, close }.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ApiClient } from '../src-shared/api-client.ts';
import { ROOT, startServe, stopServe, waitServeReady, type ServeProcess } from './fixtures.ts';

export const GUI_DIR = path.join(ROOT, 'dist/renderer');
export const ARTIFACTS_DIR = path.join(ROOT, 'e2e/artifacts');
/** Chromium's flags for every browser test (this harness and the viewer fixture): headless, quiet, no GPU. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Path of the Chromium binary: $CHROMIUM_PATH, /usr/bin/chromium, or `which chromium`; undefined if none. */
export function chromiumPath(): string | undefined {
  const env = process.env['CHROMIUM_PATH'];
  if (env && existsSync(env)) return env;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const p = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (p) return p;
    } catch {
      // not on PATH
    }
  }
  return undefined;
}

/** For `test(name, { skip: guiSkipReason() }, ...)`: a message when the GUI tests cannot run here, else false. */
export function guiSkipReason(): string | false {
  return chromiumPath()
    ? false
    : 'no Chromium found (apt-get install chromium, or set CHROMIUM_PATH): GUI tests skipped';
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** True when dist/renderer is missing or older than any file of src-renderer or src-shared. */
export function guiBuildStale(): boolean {
  const index = path.join(GUI_DIR, 'index.html');
  if (!existsSync(index)) return true;
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'src-renderer')),
    newestMtime(path.join(ROOT, 'src-shared')),
  );
  return statSync(index).mtimeMs < sources;
}

/**
 * Builds the GUI with vite's build() API when stale. Several test processes may want it at once (the viewer's
 * tests run beside these): a lock folder serialises them, and each build goes to a temp folder that replaces
 * dist/renderer by rename, so a running server never serves half a build.
 */
export async function ensureGuiBuilt(): Promise<void> {
  if (!guiBuildStale()) return;
  mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
  const lock = path.join(ROOT, 'dist/.gui-build.lock');
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 3 minutes belongs to a build that died.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 3 * 60_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // gone meanwhile
      }
      if (Date.now() > deadline) throw new Error(`GUI build lock ${lock} held for 5 minutes`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (!guiBuildStale()) return;
    const out = path.join(ROOT, `dist/.renderer-build-${process.pid}`);
    const { build } = await import('vite');
    await build({
      configFile: path.join(ROOT, 'src-renderer/vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: out, emptyOutDir: true },
    });
    const old = path.join(ROOT, `dist/.renderer-old-${process.pid}`);
    if (existsSync(GUI_DIR)) renameSync(GUI_DIR, old);
    renameSync(out, GUI_DIR);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface GuiOptions {
  /** Window size; the GUI must work at 1280x800 and up (the default). */
  readonly viewport?: { width: number; height: number };
  readonly colorScheme?: 'light' | 'dark';
  /** Extra `ocrdesk serve` arguments. */
  readonly serveArgs?: readonly string[];
  /** Wait until the engine's models are loaded (GET /ready) before opening the page (default true). */
  readonly waitReady?: boolean;
  /** Open the one-time login link and wait until the app is signed in (default true). */
  readonly login?: boolean;
}

export interface GuiHarness {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly serve: ServeProcess;
  /** The typed client with the server's token, for setting up and checking state beside the GUI. */
  readonly api: ApiClient;
  /** The data directory `serve` runs with. */
  readonly home: string;
  /** A temp folder for the test's own files (removed by close()). */
  readonly dir: string;
  /** The one-time login link `serve` printed (already used when `login` is true). */
  readonly loginLink: string;
  /** Console errors, page errors and CSP violations seen so far. */
  readonly consoleErrors: string[];
  /** Saves a PNG of the page into e2e/artifacts/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

async function waitFor(check: () => string | undefined, timeoutMs: number, what: string): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Builds the GUI if needed, starts `serve` in a temp home and opens Chromium on the one-time login link. */
export async function startGui(options: GuiOptions = {}): Promise<GuiHarness> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(guiSkipReason() || 'no Chromium');
  await ensureGuiBuilt();
  const dir = mkdtempSync(path.join(tmpdir(), 'ocrdesk-gui-'));
  const home = path.join(dir, 'home');
  const serve = await startServe(home, [...(options.serveArgs ?? [])]);
  let context: BrowserContext | undefined;
  try {
    const loginLink = await waitFor(
      () => /GUI: (http:\/\/\S+)/.exec(serve.output())?.[1],
      10_000,
      'the login link from serve',
    );
    if (options.waitReady ?? true) await waitServeReady(serve, 180_000);
    context = await chromium.launchPersistentContext(path.join(dir, 'chromium-profile'), {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      colorScheme: options.colorScheme ?? 'light',
      acceptDownloads: true,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const where = m.location().url;
      consoleErrors.push(where ? `${m.text()} (${where})` : m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    if (options.login ?? true) {
      await page.goto(loginLink);
      // The app marks <html data-session="ready"> once it holds a working token.
      await page.waitForSelector('html[data-session="ready"]', { timeout: 30_000 });
    }
    const ctx = context;
    return {
      page,
      context: ctx,
      serve,
      api: new ApiClient(serve.url, serve.token),
      home,
      dir,
      loginLink,
      consoleErrors,
      async screenshot(name) {
        mkdirSync(ARTIFACTS_DIR, { recursive: true });
        const file = path.join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      async close() {
        await ctx.close().catch(() => undefined);
        await stopServe(serve);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await context?.close().catch(() => undefined);
    await stopServe(serve);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
