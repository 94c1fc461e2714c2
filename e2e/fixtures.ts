// Test inputs the project makes itself, so the e2e tests need nothing from outside the repository.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

export const ROOT = path.resolve(import.meta.dirname, '..');

/** A page of printed text rendered by sharp (black on white), written as PNG or by extension. */
export async function textImage(file: string, text: string): Promise<void> {
  const img = sharp({ text: { text, font: 'sans', dpi: 200, align: 'left' } });
  // Negate in a pipeline of its own: sharp applies negate after extend, which would turn the margin black.
  const rendered = await img.negate({ alpha: false }).png().toBuffer();
  await sharp(rendered)
    .extend({ top: 60, bottom: 60, left: 60, right: 60, background: '#ffffff' })
    .flatten({ background: '#ffffff' })
    .toFile(file);
}

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly token: string;
  readonly output: () => string;
}

/** Starts `ocrdesk serve` on a free port in `home`; resolves once it prints its URL. */
export function startServe(home: string, extra: string[] = []): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'bin/ocrdesk.mjs'),
      'serve',
      '--port',
      '0',
      '--home',
      home,
      '--provider',
      'cpu',
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (b: Buffer): void => {
      out += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        child.stdout.off('data', onData);
        resolve({
          child,
          url: m[1]!,
          token: readFileSync(path.join(home, 'api-token'), 'utf8').trim(),
          output: () => out,
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}
