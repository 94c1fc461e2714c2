// Admission limits on a fixed clock: the queue-depth limit, the rolling per-minute window and their Retry-After.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { Admission } from './admission.ts';

const refused = (f: () => void): OcrDeskError => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof OcrDeskError && e.code === 'RATE_LIMITED', String(e));
    return e;
  }
  assert.fail('expected RATE_LIMITED');
};

void test('a full queue refuses new jobs, with a wait from the engine pace', () => {
  const a = new Admission({ maxQueuedJobs: 5, maxJobsPerMinute: 0 });
  a.check(1, 4, 2);
  const e = refused(() => a.check(2, 4, 2.5));
  // One job over the limit at 2.5 s per job: come back in 3 s (rounded up).
  assert.equal(e.details['retryAfterSeconds'], 3);
  assert.equal(refused(() => a.check(1, 5, null)).details['retryAfterSeconds'], 10);
  new Admission({ maxQueuedJobs: 0, maxJobsPerMinute: 0 }).check(1000, 1_000_000, 1);
});

void test('the per-minute window frees slots as the oldest creations age out', () => {
  let now = 1_000_000;
  const a = new Admission({ maxQueuedJobs: 0, maxJobsPerMinute: 3 }, () => now);
  for (let i = 0; i < 3; i++) {
    a.check(1, 0, null);
    a.record(1);
    now += 10_000;
  }
  // Created at t0, t0+10 s, t0+20 s; now t0+30 s: the first frees at t0+60 s, 30 s from now.
  assert.equal(refused(() => a.check(1, 0, null)).details['retryAfterSeconds'], 30);
  // Two more need the two oldest gone: t0+10 s + 60 s is 40 s away.
  assert.equal(refused(() => a.check(2, 0, null)).details['retryAfterSeconds'], 40);
  now += 30_001;
  a.check(1, 0, null);
});
