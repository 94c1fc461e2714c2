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

void test('held and scheduled jobs keep out of the queue until started or due; filters and counts follow', () => {
  const s = openStore();
  const later = new Date(Date.now() + 60_000).toISOString();
  s.jobs.insert({ id: 'held', priority: 9, held: true, options: {}, source: 'api', files: [file] });
  s.jobs.insert({ id: 'later', priority: 9, notBefore: later, options: {}, source: 'api', files: [file] });
  s.jobs.insert({ id: 'past', notBefore: '2020-01-01T00:00:00Z', options: {}, source: 'api', files: [file] });
  s.jobs.insert({ id: 'plain', options: {}, source: 'api', files: [file] });
  assert.equal(s.jobs.nextQueued(), 'past');
  assert.deepEqual(
    ['held', 'later', 'past', 'plain'].map((id) => [s.jobs.get(id).stage, s.jobs.get(id).queuePosition]),
    [
      ['held', null],
      ['scheduled', null],
      ['queued', 1],
      ['queued', 2],
    ],
  );
  assert.deepEqual(s.jobs.queueCounts(), { runnable: 2, held: 1, scheduled: 1 });
  const ids = (stage: string): string[] => s.jobs.list({ stage, sort: 'created' }).jobs.map((j) => j.id);
  assert.deepEqual(ids('held'), ['held']);
  assert.deepEqual(ids('scheduled'), ['later']);
  assert.deepEqual(ids('queued'), ['past', 'plain']);
  assert.deepEqual(
    s.jobs.list({ id: ['plain', 'held', 'nope'], sort: 'created' }).jobs.map((j) => j.id),
    ['held', 'plain'],
  );
  assert.deepEqual(
    s.jobs.list({ sort: 'created', limit: 1, page: 3 }).jobs.map((j) => j.id),
    ['past'],
  );
  s.jobs.release('held');
  assert.equal(s.jobs.nextQueued(), 'held', 'released, its priority puts it first');
  s.jobs.patch('later', { priority: -1, notBefore: null, name: 'now' });
  assert.equal(s.jobs.get('later').queuePosition, 4);
  assert.equal(s.jobs.get('later').name, 'now');
  s.close();
});

void test('options change only before a job reads a page; hold only while queued', () => {
  const s = openStore();
  s.jobs.insert({ id: 'j', options: { dpi: 300 }, source: 'api', files: [file] });
  s.jobs.patch('j', { options: { dpi: 150 } });
  assert.equal(s.jobs.options('j').dpi, 150);
  assert.ok(s.jobs.start('j'));
  assert.throws(() => s.jobs.patch('j', { options: { dpi: 200 } }), /options are fixed/);
  assert.throws(() => s.jobs.patch('j', { held: true }), /only a queued job/);
  s.jobs.patch('j', { priority: 3 });
  assert.equal(s.jobs.get('j').priority, 3);
  assert.throws(() => s.jobs.patch('missing', { priority: 1 }), /no job/);
  s.close();
});

void test('per-stage milliseconds add up per stored page; each file reports its own state', () => {
  const s = openStore();
  const two = [file, { ...file, name: 'b.png' }];
  s.jobs.insert({ id: 'j', options: {}, source: 'api', files: two });
  assert.ok(s.jobs.start('j'));
  s.jobs.setFilePages('j', 0, 'image/png', 1);
  const p = { ...page(1), timings: { ...page(1).timings, detectMs: 12.5, recognizeMs: 30 } };
  s.jobs.savePage('j', 0, p, 50);
  s.jobs.savePage('j', 0, p, 50); // replay: counted once
  s.jobs.addStageMs('j', { exportMs: 7 });
  const job = s.jobs.get('j');
  assert.deepEqual(job.timings.stages, {
    loadMs: 0,
    detectMs: 12.5,
    classifyMs: 0,
    recognizeMs: 30,
    layoutMs: 0,
    exportMs: 7,
  });
  assert.deepEqual(
    job.files.map((f) => f.status),
    ['completed', 'processing'],
  );
  s.jobs.finish('j', 'failed');
  assert.deepEqual(
    s.jobs.get('j').files.map((f) => f.status),
    ['completed', 'failed'],
  );
  s.close();
});
