// kill -9 in the middle of a multi-page job, then restart: the job finishes, no page is lost or done twice.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ApiClient } from '../src-shared/api-client.ts';
import { Store } from '../src-main/engine/store/store.ts';
import { startServe, textImage } from './fixtures.ts';

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'garden'];

void test('a job interrupted by kill -9 resumes at the next page after restart', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ocrdesk-crash-'));
  const home = path.join(dir, 'home');
  const files = [];
  for (let i = 0; i < 6; i++) {
    const file = path.join(dir, `page-${i}.png`);
    await textImage(file, `Report section ${WORDS[i]}\nresumed after a crash`);
    files.push({ name: path.basename(file), data: new Blob([readFileSync(file)]) });
  }
  const first = await startServe(home);
  const api = new ApiClient(first.url, first.token);
  const job = await api.createJob(files, { options: { outputs: ['txt', 'json'] } });
  // Wait for some, not all, pages; then kill without any chance to clean up.
  for (;;) {
    const j = await api.job(job.id);
    if (j.pagesDone >= 2) break;
    assert.notEqual(j.status, 'failed', JSON.stringify(j.error));
    await new Promise((r) => setTimeout(r, 50));
  }
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));
  // Through the store, like the engine (better-sqlite3 has one adapter); the killed server holds no lock.
  const store = Store.open(path.join(home, 'ocrdesk.sqlite'));
  const atKill = store.jobs.pages(job.id).length;
  store.close();
  assert.ok(atKill >= 2 && atKill < 6, `pages stored at the kill: ${atKill}`);

  const second = await startServe(home);
  try {
    const api2 = new ApiClient(second.url, second.token);
    const done = await api2.waitForJob(job.id);
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
    assert.equal(done.pagesDone, 6);
    assert.equal(done.attempts, 2);
    const pages = (await api2.pages(job.id)).pages;
    assert.deepEqual(
      pages.map((p) => p.file),
      [0, 1, 2, 3, 4, 5],
    );
    const text = await api2.text(job.id);
    for (const w of WORDS) assert.match(text, new RegExp(`section ${w}\\b`));
    assert.equal(text.split('\f').length, 6);
  } finally {
    second.child.kill('SIGTERM');
  }
});
