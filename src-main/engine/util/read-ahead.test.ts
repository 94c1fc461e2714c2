import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readAhead } from './read-ahead.ts';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

void test('the next item is produced while the current one is consumed', async () => {
  const log: string[] = [];
  async function* source(): AsyncGenerator<number> {
    for (let i = 1; i <= 3; i++) {
      log.push(`start ${i}`);
      await tick(5);
      log.push(`made ${i}`);
      yield i;
    }
  }
  const got: number[] = [];
  for await (const n of readAhead(source())) {
    log.push(`use ${n}`);
    await tick(20);
    got.push(n);
  }
  assert.deepEqual(got, [1, 2, 3]);
  // Item 2 is started before item 1 is used, and finished while item 1 is still in use.
  assert.deepEqual(log.slice(0, 5), ['start 1', 'made 1', 'start 2', 'use 1', 'made 2']);
});

void test('errors arrive in order, and stopping early closes the source', async () => {
  let closed = false;
  async function* failing(): AsyncGenerator<number> {
    try {
      yield 1;
      await tick(1);
      throw new Error('page 2 is corrupt');
    } finally {
      closed = true;
    }
  }
  const seen: number[] = [];
  await assert.rejects(async () => {
    for await (const n of readAhead(failing())) seen.push(n);
  }, /page 2 is corrupt/);
  assert.deepEqual(seen, [1]);
  assert.ok(closed);
});
