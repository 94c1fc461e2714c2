import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { QuitSequence, stopWithin, type StopOutcome } from './quit-sequence.ts';

function sequence(stop: () => Promise<unknown>, timeoutMs: number) {
  const outcomes: StopOutcome[] = [];
  let stops = 0;
  let resolveDone!: () => void;
  const doneP = new Promise<void>((r) => (resolveDone = r));
  const q = new QuitSequence(
    () => {
      stops++;
      return stop();
    },
    timeoutMs,
    (o) => {
      outcomes.push(o);
      resolveDone();
    },
  );
  return { q, outcomes, stops: () => stops, done: doneP };
}

void test('the first quit is held until the engine has stopped; then quitting goes ahead', async () => {
  let finishPage!: () => void;
  const s = sequence(() => new Promise<void>((r) => (finishPage = r)), 5000);
  assert.equal(s.q.request(), false);
  assert.ok(s.q.stopping);
  // Quit pressed again while the page finishes: still held, and stop is not asked twice.
  await sleep(20);
  assert.equal(s.q.request(), false);
  assert.equal(s.stops(), 1);
  assert.deepEqual(s.outcomes, []);
  finishPage();
  await s.done;
  assert.deepEqual(s.outcomes, ['stopped']);
  assert.equal(s.q.request(), true);
  assert.equal(s.stops(), 1);
});

void test('a hung engine does not keep the app open past the timeout', async () => {
  const s = sequence(() => new Promise(() => undefined), 80);
  const t0 = performance.now();
  assert.equal(s.q.request(), false);
  await s.done;
  const waited = performance.now() - t0;
  assert.deepEqual(s.outcomes, ['timeout']);
  assert.ok(waited >= 70 && waited < 2000, `waited ${waited} ms`);
  assert.equal(s.q.request(), true);
});

void test('a failing or throwing stop still ends in a quit', async () => {
  const rejecting = sequence(() => Promise.reject(new Error('ipc closed')), 5000);
  rejecting.q.request();
  await rejecting.done;
  assert.deepEqual(rejecting.outcomes, ['error']);

  const throwing = sequence(() => {
    throw new Error('no engine');
  }, 5000);
  assert.equal(throwing.q.request(), false);
  await throwing.done;
  assert.deepEqual(throwing.outcomes, ['error']);
});

void test('with the engine already gone, quitting is immediate', () => {
  const s = sequence(() => Promise.resolve(), 5000);
  s.q.markStopped();
  assert.equal(s.q.request(), true);
  assert.equal(s.stops(), 0);
});

void test('stopWithin reports the first of stop and timeout', async () => {
  assert.equal(await stopWithin(sleep(10), 1000), 'stopped');
  assert.equal(await stopWithin(sleep(1000), 20), 'timeout');
});
