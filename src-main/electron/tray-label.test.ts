import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countsFromStatuses, NO_JOBS, queueSummary, trayTitle, trayTooltip } from './tray-label.ts';

void test('the tray names what is running and waiting, or says idle', () => {
  assert.equal(trayTooltip(NO_JOBS), 'OCR Desk: idle');
  assert.equal(queueSummary({ queued: 3, processing: 1, failed: 0 }), '1 processing, 3 queued');
  assert.equal(queueSummary({ queued: 1, processing: 0, failed: 0 }), '1 queued');
  assert.equal(queueSummary({ queued: 0, processing: 0, failed: 1 }), 'idle, 1 failed job');
  assert.equal(queueSummary({ queued: 0, processing: 2, failed: 4 }), '2 processing, 4 failed jobs');
});

void test('the menu-bar title counts open jobs and is empty when there are none', () => {
  assert.equal(trayTitle(NO_JOBS), '');
  assert.equal(trayTitle({ queued: 3, processing: 1, failed: 9 }), '4');
});

void test('counts come from per-status totals, ignoring junk', () => {
  assert.deepEqual(countsFromStatuses({ queued: 2, processing: 1, completed: 40, failed: 3 }), {
    queued: 2,
    processing: 1,
    failed: 3,
  });
  assert.deepEqual(countsFromStatuses({ queued: -1, processing: '2', failed: 1.5 }), NO_JOBS);
  assert.deepEqual(countsFromStatuses({}), NO_JOBS);
});
