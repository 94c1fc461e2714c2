// `ocrdesk gui`: a fresh one-time login link for the GUI of a running `ocrdesk serve` (the one `serve` printed at
// start is single use and expires after a few minutes).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ApiClient } from '../../../src-shared/api-client.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { dataPaths, defaultDataDir } from '../../engine/config/paths.ts';
import { serverFile } from './serve.ts';

export const GUI_USAGE = `usage: ocrdesk gui [--home DIR | --url URL --token T]
  prints a one-time login link for the GUI of a running server (open it in a browser; valid a few minutes)`;

export async function guiCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { home: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' } },
  });
  const home = path.resolve(values.home ?? defaultDataDir());
  let url = values.url ?? process.env['OCRDESK_URL'];
  if (!url) {
    try {
      url = (JSON.parse(readFileSync(serverFile(home), 'utf8')) as { url: string }).url;
    } catch {
      throw new OcrDeskError(
        'SERVER_UNREACHABLE',
        `no running server found for ${home} (start one with: ocrdesk serve)`,
      );
    }
  }
  const token =
    values.token ?? process.env['OCRDESK_TOKEN'] ?? readFileSync(dataPaths(home).token, 'utf8').trim();
  const link = await new ApiClient(url, token).createLoginLink();
  process.stdout.write(`${link.url}\n`);
  process.stderr.write(`one-time link, valid until ${link.expiresAt}; do not share it\n`);
  return 0;
}
