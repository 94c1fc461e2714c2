// The engine in Electron's utility process (bundled to dist/electron/engine.mjs): store, queue, OCR worker, hot
// folders, webhooks and the API on 127.0.0.1 with the GUI at `/`. Never imports electron; talks to the main
// process only through engine-channel.ts, so the tests run this same file under plain Node.
import { parseArgs } from 'node:util';
import { EngineHost } from '../engine/engine-host.ts';
import type { ProviderPreference } from '../engine/ocr/onnx-runtime.ts';
import { staticGui } from '../engine/server/static-files.ts';
import { engineChannel } from './engine-channel.ts';
import { isMainMessage } from './engine-protocol.ts';
import { countsFromStatuses } from './tray-label.ts';

/** Queue events come in bursts (one per page and stage): the tray needs a number a few times a second at most. */
const COUNTS_THROTTLE_MS = 250;

const channel = engineChannel();
const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { home: { type: 'string' }, models: { type: 'string' }, gui: { type: 'string' } },
  strict: true,
});
if (!values.home || !values.models || !values.gui)
  throw new Error('engine entry needs --home, --models and --gui');

// As for the CLI: OCRDESK_PROVIDER picks the execution provider (auto tries GPUs first, then the CPU).
const PROVIDERS: readonly string[] = ['auto', 'cpu', 'cuda', 'dml', 'coreml'] satisfies ProviderPreference[];
const requested = process.env['OCRDESK_PROVIDER'];
const provider = (requested && PROVIDERS.includes(requested) ? requested : 'auto') as ProviderPreference;

const host = await EngineHost.start({
  home: values.home,
  port: 0,
  engine: { modelDir: values.models, provider },
  fallback: staticGui(values.gui),
}).catch((e: unknown): Promise<never> => {
  channel.post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  // Give the message time to leave, then end; nothing below may run without a host.
  setTimeout(() => process.exit(1), 100);
  return new Promise<never>(() => undefined);
});

const postCounts = (): void =>
  channel.post({ type: 'queue', counts: countsFromStatuses(host.store.jobs.counts()) });
let countsTimer: NodeJS.Timeout | undefined;
host.bus.subscribe(() => {
  countsTimer ??= setTimeout(() => {
    countsTimer = undefined;
    postCounts();
  }, COUNTS_THROTTLE_MS);
});

let stopping: Promise<void> | undefined;
const stop = (): Promise<void> => {
  stopping ??= (async () => {
    clearTimeout(countsTimer);
    try {
      // Finishes the page in progress (its result is committed), then closes the API, OCR process and database.
      await host.close();
    } catch (e) {
      // Still say stopped: the main process is quitting either way, and waiting longer helps nobody.
      console.error('OCR Desk engine: close failed:', e);
    }
    channel.post({ type: 'stopped' });
    // Let the message leave before the process ends.
    setTimeout(() => process.exit(0), 50);
  })();
  return stopping;
};
channel.onMessage((m) => {
  if (isMainMessage(m)) void stop();
});
channel.onDisconnect(() => void stop());

channel.post({ type: 'ready', url: host.url, port: host.port, token: host.token });
postCounts();
