// The API client for a running `ocrdesk serve`, as `jobs` and `gui` find it: --url/--token, then $OCRDESK_URL and
// $OCRDESK_TOKEN, then the server.json and api-token that `serve` leaves in its data directory.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApiClient } from '../../../src-shared/api-client.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { dataPaths, defaultDataDir } from '../../engine/config/paths.ts';
import { serverFile } from './serve.ts';

export function serverClient(v: {
  home?: string | undefined;
  url?: string | undefined;
  token?: string | undefined;
}): ApiClient {
  const home = path.resolve(v.home ?? defaultDataDir());
  let url = v.url ?? process.env['OCRDESK_URL'];
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
  const token = v.token ?? process.env['OCRDESK_TOKEN'] ?? readFileSync(dataPaths(home).token, 'utf8').trim();
  return new ApiClient(url, token);
}
