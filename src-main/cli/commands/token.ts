// `ocrdesk token`: print the API token (created on first use) for scripts and curl.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrCreateToken } from '../../engine/config/api-token.ts';
import { dataPaths, defaultDataDir } from '../../engine/config/paths.ts';

export async function tokenCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { home: { type: 'string' } } });
  const paths = dataPaths(path.resolve(values.home ?? defaultDataDir()));
  process.stdout.write(`${loadOrCreateToken(paths.token)}\n`);
  return Promise.resolve(0);
}
