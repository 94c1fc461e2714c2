// Durability: kill -9 `ocrdesk serve` at random moments while jobs run, many times over; then let it finish and
// check that every accepted job completed, no page is missing or doubled, and every output is whole.
// usage: npm run bench:durability -- [--runs 50] [--seed 1]
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { ApiClient } from '../../src-shared/api-client.ts';
import { startServe, textImage } from '../../e2e/fixtures.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '50' }, seed: { type: 'string', default: '1' } },
});
const runs = Number(values.runs);
let seed = Number(values.seed);
const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

const dir = mkdtempSync(path.join(tmpdir(), 'ocrdesk-durability-'));
const home = path.join(dir, 'home');
const pages: Array<{ name: string; data: Blob }> = [];
for (let i = 0; i < 3; i++) {
  const f = path.join(dir, `p${i}.png`);
  await textImage(f, `Durability page ${i + 1}\nkill nine at random`);
  pages.push({ name: `p${i}.png`, data: new Blob([readFileSync(f)]) });
}

const accepted: string[] = [];
let kills = 0;
const t0 = Date.now();
for (let run = 0; run < runs; run++) {
  const serve = await startServe(home);
  const api = new ApiClient(serve.url, serve.token);
  // Submit a job most runs, so kills land during uploads, OCR, exports and idle alike.
  if (random() < 0.7) {
    api
      .createJob(pages.slice(0, 1 + Math.floor(random() * 3)), { options: { outputs: ['txt', 'json'] } })
      .then((j) => accepted.push(j.id))
      .catch(() => undefined); // killed before the answer: not accepted, so not counted as lost
  }
  await new Promise((r) => setTimeout(r, random() * 3000));
  serve.child.kill('SIGKILL');
  await new Promise((r) => serve.child.once('exit', r));
  kills++;
  process.stderr.write(`\rrun ${run + 1}/${runs}, ${accepted.length} jobs accepted`);
}
process.stderr.write('\n');

const final = await startServe(home);
const api = new ApiClient(final.url, final.token);
let lost = 0;
let notCompleted = 0;
let corrupt = 0;
let pageErrors = 0;
for (const id of accepted) {
  let job;
  try {
    job = await api.waitForJob(id, undefined, 200);
  } catch {
    lost++;
    continue;
  }
  if (job.status !== 'completed') {
    notCompleted++;
    console.log(`job ${id}: ${job.status} ${job.error?.code ?? ''} ${job.error?.message ?? ''}`);
    continue;
  }
  const stored = (await api.pages(id)).pages;
  if (stored.length !== job.files.length || job.pagesDone !== job.files.length) pageErrors++;
  for (const a of (await api.artifacts(id)).artifacts) {
    const bytes = await api.download(id, a.format);
    const ok =
      createHash('sha256').update(bytes).digest('hex') === a.sha256 &&
      (a.format !== 'json' ||
        (JSON.parse(new TextDecoder().decode(bytes)) as { pages: unknown[] }).pages.length ===
          job.files.length);
    if (!ok) corrupt++;
  }
}
final.child.kill('SIGTERM');
const db = new Database(path.join(home, 'ocrdesk.sqlite'), { readonly: true });
const integrity = db.pragma('integrity_check', { simple: true });
db.close();
console.log(`# Durability: ${kills} kill -9 runs, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log(
  `jobs accepted ${accepted.length}, lost ${lost}, not completed ${notCompleted}, page count wrong ${pageErrors}, corrupt outputs ${corrupt}, SQLite integrity ${String(integrity)}`,
);
process.exitCode = lost + notCompleted + corrupt + pageErrors === 0 && integrity === 'ok' ? 0 : 1;
