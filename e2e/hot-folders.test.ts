// Hot folders fed the way users feed them: slow copies, partial files renamed when done, junk, name clashes,
// files already there at start, and a restart that must not take anything twice.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ApiClient } from '../src-shared/api-client.ts';
import { EngineHost } from '../src-main/engine/engine-host.ts';
import { textImage } from './fixtures.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, f: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Copies like a slow network share: the file grows in pieces over about `ms`. */
async function slowCopy(bytes: Uint8Array, target: string, ms: number): Promise<void> {
  const pieces = 8;
  const size = Math.ceil(bytes.length / pieces);
  writeFileSync(target, bytes.subarray(0, size));
  for (let i = 1; i < pieces; i++) {
    await sleep(ms / pieces);
    await appendFile(target, bytes.subarray(i * size, (i + 1) * size));
  }
}

void test('hot folder: slow, partial and renamed copies, junk, clashes, and no second take after restart', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ocrdesk-hot-'));
  const home = path.join(dir, 'home');
  const inbox = path.join(dir, 'inbox');
  const outbox = path.join(dir, 'outbox');
  mkdirSync(inbox);
  mkdirSync(outbox);
  await textImage(path.join(dir, 'scan.png'), 'Hot folder delivery\nslow copy test');
  const scan = readFileSync(path.join(dir, 'scan.png'));
  writeFileSync(path.join(inbox, 'early.png'), scan); // present before the folder is watched
  writeFileSync(path.join(outbox, 'early.txt'), 'a file the user already had\n'); // must not be overwritten

  let host = await EngineHost.start({ home, port: 0, engine: { provider: 'cpu' } });
  try {
    const api = new ApiClient(host.url, host.token);
    const folder = await api.createHotFolder({
      inputDir: inbox,
      outputDir: outbox,
      options: { outputs: ['txt'] },
      stableMs: 700,
      pollIntervalMs: 300,
    });
    await assert.rejects(api.createHotFolder({ inputDir: inbox, outputDir: path.join(inbox, 'out') }));

    await slowCopy(scan, path.join(inbox, 'slow.png'), 2000);
    // A download in progress under a temporary name, renamed when complete.
    await slowCopy(scan, path.join(inbox, 'renamed.png.part'), 1000);
    renameSync(path.join(inbox, 'renamed.png.part'), path.join(inbox, 'renamed.png'));
    // A copy that pauses longer than stableMs mid-file: the missing PNG end marker keeps it waiting.
    const half = Math.floor(scan.length / 2);
    writeFileSync(path.join(inbox, 'paused.png'), scan.subarray(0, half));
    await sleep(1600);
    await appendFile(path.join(inbox, 'paused.png'), scan.subarray(half));
    writeFileSync(path.join(inbox, 'notes.png'), 'not an image at all\n');
    writeFileSync(path.join(inbox, '.DS_Store'), 'junk');
    writeFileSync(path.join(inbox, '~$draft.png'), 'junk');

    const done = path.join(inbox, 'done');
    await until('four originals in done/', () => existsSync(done) && readdirSync(done).length === 4);
    await until('notes.png in failed/', () => existsSync(path.join(inbox, 'failed', 'notes.png.error.txt')));
    assert.deepEqual(readdirSync(done).sort(), ['early.png', 'paused.png', 'renamed.png', 'slow.png']);
    assert.deepEqual(readdirSync(path.join(inbox, 'failed')).sort(), ['notes.png', 'notes.png.error.txt']);
    assert.match(
      readFileSync(path.join(inbox, 'failed', 'notes.png.error.txt'), 'utf8'),
      /^UNSUPPORTED_MEDIA_TYPE: /,
    );
    assert.ok(existsSync(path.join(inbox, '.DS_Store')) && existsSync(path.join(inbox, '~$draft.png')));

    await until('four outputs', () => readdirSync(outbox).length === 5);
    assert.deepEqual(readdirSync(outbox).sort(), [
      'early (1).txt',
      'early.txt',
      'paused.txt',
      'renamed.txt',
      'slow.txt',
    ]);
    assert.equal(readFileSync(path.join(outbox, 'early.txt'), 'utf8'), 'a file the user already had\n');
    assert.match(readFileSync(path.join(outbox, 'slow.txt'), 'utf8'), /delivery/);

    // The slow copy was taken whole: the job's stored input has the final bytes.
    const sha = createHash('sha256').update(scan).digest('hex');
    const jobs = (await api.listJobs()).jobs;
    assert.equal(jobs.length, 4);
    for (const j of jobs) {
      assert.equal(j.source, 'hot-folder');
      assert.equal(j.files[0]!.sha256, sha, j.files[0]!.name);
    }
    const counters = (await api.hotFolders()).hotFolders.find((f) => f.id === folder.id)!.counters;
    assert.deepEqual(counters, { processing: 0, done: 4, failed: 1 });

    // Leave originals in place from now on; a restart must not take them again.
    await api.updateHotFolder(folder.id, {
      inputDir: inbox,
      outputDir: outbox,
      afterSuccess: 'leave',
      stableMs: 300,
    });
    writeFileSync(path.join(inbox, 'kept.png'), scan);
    await until('kept.png processed', () => existsSync(path.join(outbox, 'kept.txt')));
    await host.close();
    host = await EngineHost.start({ home, port: 0, engine: { provider: 'cpu' } });
    await sleep(2000);
    const api2 = new ApiClient(host.url, host.token);
    assert.equal((await api2.listJobs()).total, 5);
    assert.ok(existsSync(path.join(inbox, 'kept.png')));
  } finally {
    await host.close();
  }
});
