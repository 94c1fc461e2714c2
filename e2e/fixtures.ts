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

/** Stops a `serve` started by startServe: SIGTERM, SIGKILL after 15 s; resolves once it has exited. */
export async function stopServe(serve: ServeProcess): Promise<void> {
  if (serve.child.exitCode !== null) return;
  const exited = new Promise((r) => serve.child.once('exit', r));
  serve.child.kill('SIGTERM');
  const timer = setTimeout(() => serve.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Waits until `serve` answers GET /ready with 200 (its models are loaded). */
export async function waitServeReady(serve: ServeProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${serve.url}/ready`, {
      headers: { authorization: `Bearer ${serve.token}` },
    }).catch(() => undefined);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the engine was not ready after ${timeoutMs} ms`);
}
