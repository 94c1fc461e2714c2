// `ocrdesk gui`: a fresh one-time login link for the GUI of a running `ocrdesk serve` (the one `serve` printed at
// start is single use and expires after a few minutes).
import { parseArgs } from 'node:util';
import { serverClient } from './server-client.ts';

export const GUI_USAGE = `usage: ocrdesk gui [--home DIR | --url URL --token T]
  prints a one-time login link for the GUI of a running server (open it in a browser; valid a few minutes)`;

export async function guiCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { home: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' } },
  });
  const link = await serverClient(values).createLoginLink();
  process.stdout.write(`${link.url}\n`);
  process.stderr.write(`one-time link, valid until ${link.expiresAt}; do not share it\n`);
  return 0;
}
