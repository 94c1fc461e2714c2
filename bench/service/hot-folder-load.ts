// Hot folder at volume: N small scans dropped at once, some as slow copies; every one must give an output and
// every original must end up in done/. usage: npm run bench:hot-folder -- [--files 1000] [--slow 100]
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ApiClient } from '../../src-shared/api-client.ts';
import { startServe, textImage } from '../../e2e/fixtures.ts';

const { values } = parseArgs({
  options: { files: { type: 'string', default: '1000' }, slow: { type: 'string', default: '100' } },
});
const files = Number(values.files);
const slow = Number(values.slow);
const dir = mkdtempSync(path.join(tmpdir(), 'ocrdesk-hotload-'));
const inbox = path.join(dir, 'inbox');
const outbox = path.join(dir, 'outbox');
mkdirSync(inbox);
const img = path.join(dir, 'scan.png');
await textImage(img, 'Receipt 42 total 9.99');
const bytes = readFileSync(img);

const serve = await startServe(path.join(dir, 'home'));
const api = new ApiClient(serve.url, serve.token);
await api.createHotFolder({
  inputDir: inbox,
  outputDir: outbox,
  options: { outputs: ['txt'] },
  stableMs: 2000,
});
const t0 = Date.now();
const copies: Array<Promise<void>> = [];
for (let i = 0; i < files; i++) {
  const target = path.join(inbox, `scan-${String(i).padStart(4, '0')}.png`);
  if (i < slow) {
    // Slow copies: the file grows over about 3 s.
    copies.push(
      (async () => {
        const half = Math.floor(bytes.length / 2);
        writeFileSync(target, bytes.subarray(0, half));
        await new Promise((r) => setTimeout(r, 1500 + Math.random() * 1500));
        await appendFile(target, bytes.subarray(half));
      })(),
    );
  } else {
    writeFileSync(target, bytes);
  }
}
await Promise.all(copies);
const done = path.join(inbox, 'done');
let last = -1;
for (;;) {
  const n = existsSync(outbox) ? readdirSync(outbox).length : 0;
  if (n !== last)
    process.stderr.write(`\r${n}/${files} outputs after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  last = n;
  if (n >= files && existsSync(done) && readdirSync(done).length >= files) break;
  await new Promise((r) => setTimeout(r, 500));
}
const seconds = (Date.now() - t0) / 1000;
const originals = readdirSync(done).length + readdirSync(inbox).filter((f) => f.endsWith('.png')).length;
const failed = existsSync(path.join(inbox, 'failed')) ? readdirSync(path.join(inbox, 'failed')).length : 0;
const halfRead = readdirSync(outbox).filter(
  (f) => !/Receipt/i.test(readFileSync(path.join(outbox, f), 'utf8')),
).length;
const jobs = (await api.listJobs({ limit: 1 })).total;
serve.child.kill('SIGTERM');
console.log(`\n# Hot folder: ${files} files (${slow} slow copies) in ${seconds.toFixed(0)} s`);
console.log(
  `outputs ${readdirSync(outbox).length}, jobs ${jobs}, originals kept ${originals}/${files}, failed ${failed}, outputs without the text ${halfRead}`,
);
process.exitCode = readdirSync(outbox).length === files && originals === files && jobs === files ? 0 : 1;
