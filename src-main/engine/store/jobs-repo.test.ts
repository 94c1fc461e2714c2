// The job store on a real SQLite file: queue order, state changes, checkpoints and crash recovery.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { PageResult } from '../../../src-shared/ocr-result.ts';
import { Store } from './store.ts';

function openStore(): Store {
  return Store.open(path.join(mkdtempSync(path.join(tmpdir(), 'ocrdesk-store-')), 'db.sqlite'));
}

const file = { name: 'a.png', path: '/x/a.png', size: 1, sha256: 'ab', mediaType: 'image/png' };

function page(n: number): PageResult {
  const t = { loadMs: 0, detectMs: 0, classifyMs: 0, recognizeMs: 0, layoutMs: 0, totalMs: 10 };
  return { page: n, width: 10, height: 10, rotation: 0, blocks: [], text: '', timings: t };
}

void test('durability settings are on every connection', () => {
  const s = openStore();
  assert.equal(s.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(s.db.pragma('synchronous', { simple: true }), 2); // FULL
  assert.equal(s.db.pragma('busy_timeout', { simple: true }), 5000);
  s.close();
});

void test('the queue runs higher priority first, then oldest; positions and cancel follow', () => {
  const s = openStore();
  for (const [id, priority] of [
    ['a', 0],
    ['b', 5],
    ['c', 0],
  ] as const) {
    s.jobs.insert({ id, priority, options: {}, source: 'api', files: [file] });
  }
  assert.equal(s.jobs.nextQueued(), 'b');
  assert.deepEqual(
    ['a', 'b', 'c'].map((id) => s.jobs.get(id).queuePosition),
    [2, 1, 3],
  );
  assert.equal(s.jobs.requestCancel('b'), 'canceled');
  assert.equal(s.jobs.nextQueued(), 'a');
  assert.throws(() => s.jobs.requestCancel('b'), /already canceled/);
  assert.throws(() => s.jobs.retry('a'), /only failed or canceled/);
  s.close();
});

void test('pages are checkpoints: stored once, counted once, skipped on resume', () => {
  const s = openStore();
  s.jobs.insert({ id: 'j', options: {}, source: 'api', files: [file] });
  assert.ok(s.jobs.start('j'));
  s.jobs.setFilePages('j', 0, 'image/png', 3);
  s.jobs.savePage('j', 0, page(1), 10);
  s.jobs.savePage('j', 0, page(1), 10); // a replay after a crash must not double count
  s.jobs.savePage('j', 0, page(2), 10);
  assert.deepEqual([...s.jobs.donePages('j', 0)], [1, 2]);
  const job = s.jobs.get('j');
  assert.equal(job.pagesDone, 2);
  assert.equal(job.pagesTotal, 3);
  assert.equal(job.percent, 66);
  s.close();
});

void test('a job that keeps killing the process on the same page fails; one that progresses is resumed', () => {
  const s = openStore();
  s.jobs.insert({ id: 'poison', options: {}, source: 'api', files: [file] });
  s.jobs.insert({ id: 'fine', options: {}, source: 'api', files: [file] });
  for (let round = 1; round <= 3; round++) {
    for (const id of ['poison', 'fine']) {
      assert.ok(s.jobs.start(id));
      s.jobs.setStage(id, 'recognizing');
    }
    s.jobs.savePage('fine', 0, page(round), 10);
    const r = s.jobs.recoverInterrupted(3);
    if (round < 3) assert.deepEqual(r, { requeued: ['poison', 'fine'], failed: [] });
    else assert.deepEqual(r, { requeued: ['fine'], failed: ['poison'] });
  }
  assert.equal(s.jobs.get('poison').status, 'failed');
  assert.match(s.jobs.get('poison').error?.message ?? '', /stopped 3 times/);
  // Stops during model loading ('starting') never count.
  s.jobs.insert({ id: 'slow-start', options: {}, source: 'api', files: [file] });
  for (let i = 0; i < 5; i++) {
    assert.ok(s.jobs.start('slow-start'));
    s.jobs.recoverInterrupted(3);
  }
  assert.equal(s.jobs.get('slow-start').status, 'queued');
  s.close();
});
