// The API client for a running engine (`ocrdesk serve` or the desktop app), as `jobs` and `gui` find it:
// --url/--token, then $OCRDESK_URL and $OCRDESK_TOKEN, then the server.json and api-token in its data directory.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApiClient } from '../../../src-shared/api-client.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { dataPaths, defaultDataDir } from '../../engine/config/paths.ts';
import { runningServer } from '../../engine/config/server-file.ts';

export function serverClient(v: {
  home?: string | undefined;
  url?: string | undefined;
  token?: string | undefined;
}): ApiClient {
  const home = path.resolve(v.home ?? defaultDataDir());
  let url = v.url ?? process.env['OCRDESK_URL'];
  if (!url) {
    url = runningServer(home)?.url;
    if (!url) {
      throw new OcrDeskError(
        'SERVER_UNREACHABLE',
        `no running engine found for ${home} (start the desktop app, or: ocrdesk serve)`,
      );
    }
  }
  const token = v.token ?? process.env['OCRDESK_TOKEN'] ?? readFileSync(dataPaths(home).token, 'utf8').trim();
  return new ApiClient(url, token);
}
