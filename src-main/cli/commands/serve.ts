// `ocrdesk serve`: the engine with its REST API on 127.0.0.1 until Ctrl-C; stops after the page in progress.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { defaultDataDir } from '../../engine/config/paths.ts';
import { EngineHost } from '../../engine/engine-host.ts';
import { DEFAULT_GUI_DIR, staticGui } from '../../engine/server/static-files.ts';
import { engineOptionsFromArgs, ENGINE_ARG_OPTIONS } from './engine-args.ts';

export const SERVE_USAGE = `usage: ocrdesk serve [--port N] [--home DIR] [--allow-origin URL]... [--provider ...] [--threads N] [--gui-dir DIR]
  --port 0 picks a free port (default 8765 or OCRDESK_PORT). --home defaults to OCRDESK_HOME or the user data folder.
  The GUI (built by npm run build:gui into dist/renderer, or --gui-dir) is served at / ; open the one-time
  login link printed at start, or get a fresh one with: ocrdesk gui
  Engine: --provider auto|cpu|cuda|dml|coreml --threads N --models DIR --detection-limit PX --no-check-boxes`;

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: process.env['OCRDESK_PORT'] ?? '8765' },
      home: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true, default: [] },
      'gui-dir': { type: 'string', default: process.env['OCRDESK_GUI_DIR'] ?? DEFAULT_GUI_DIR },
      ...ENGINE_ARG_OPTIONS,
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new OcrDeskError('INVALID_ARGUMENT', `--port takes 0-65535, not ${values.port}`);
  }
  const home = path.resolve(values.home ?? defaultDataDir());
  const host = await EngineHost.start({
    home,
    port,
    engine: engineOptionsFromArgs(values),
    allowedOrigins: values['allow-origin'],
    fallback: staticGui(path.resolve(values['gui-dir'])),
  });
  process.stdout.write(
    `OCR Desk API listening on ${host.url}\n` +
      `data: ${home}\n` +
      `token: in ${host.paths.token} (print it with: ocrdesk token --home ${JSON.stringify(home)})\n` +
      `OpenAPI: ${host.url}/api/v1/openapi.json\n` +
      `GUI: ${host.loginLink().url}\n` +
      `  (one-time login link, valid 5 minutes; a fresh one: ocrdesk gui --home ${JSON.stringify(home)})\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.stderr.write('stopping after the page in progress…\n');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  return 0;
}
