// Queue filtering and ordering, and the race rule between events and list refreshes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from '../../src-shared/api-schemas.ts';
import { formatBytes, formatDuration } from '../shell/format.ts';
import { isNewer, jobTitle, statusCounts, visibleJobs } from './job-filter.ts';

// Built with an assertion, not an annotation: fields added to Job later (by other features) need not be listed.
function job(id: string, over: Partial<Job> = {}): Job {
  return {
    id,
    name: null,
    externalId: null,
    status: 'queued',
    stage: 'queued',
    priority: 0,
    profile: null,
    options: {},
    source: 'api',
    files: [
      {
        index: 0,
        name: `${id}.png`,
        size: 10,
        sha256: '',
        mediaType: 'image/png',
        pageCount: 1,
        pagesDone: 0,
      },
    ],
    pagesDone: 0,
    pagesTotal: null,
    percent: 0,
    message: null,
    queuePosition: null,
    etaSeconds: null,
    attempts: 0,
    fromCache: false,
    warnings: [],
    error: null,
    timings: { queuedMs: null, processingMs: null },
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    ...over,
  } as Job;
}

void test('status and text filters, running first then newest first', () => {
  const jobs = [
    job('a', { status: 'completed', createdAt: '2026-01-01T10:00:03Z' }),
    job('b', { status: 'processing', createdAt: '2026-01-01T10:00:01Z' }),
    job('c', {
      status: 'failed',
      createdAt: '2026-01-01T10:00:02Z',
      error: { code: 'CORRUPT_INPUT', message: 'x', details: {} },
    }),
    job('d', { status: 'queued', createdAt: '2026-01-01T10:00:04Z', name: 'Invoice March' }),
  ];
  assert.deepEqual(
    visibleJobs(jobs, 'all', '').map((j) => j.id),
    ['b', 'd', 'a', 'c'],
  );
  assert.deepEqual(
    visibleJobs(jobs, 'active', '').map((j) => j.id),
    ['b', 'd'],
  );
  assert.deepEqual(
    visibleJobs(jobs, 'all', 'invoice').map((j) => j.id),
    ['d'],
  );
  assert.deepEqual(
    visibleJobs(jobs, 'all', 'corrupt').map((j) => j.id),
    ['c'],
  );
  assert.deepEqual(
    visibleJobs(jobs, 'failed', 'b.png').map((j) => j.id),
    [],
  );
  assert.deepEqual(statusCounts(jobs), { all: 4, active: 2, completed: 1, failed: 1, canceled: 0 });
});

void test('an older snapshot never replaces a newer one', () => {
  const cur = job('a', { updatedAt: '2026-01-01T10:00:05.000Z', pagesDone: 3 });
  assert.equal(isNewer(job('a', { updatedAt: '2026-01-01T10:00:04.999Z' }), cur), false);
  assert.equal(isNewer(job('a', { updatedAt: '2026-01-01T10:00:05.000Z' }), cur), true);
  assert.equal(isNewer(cur, undefined), true);
});

void test('titles and formats', () => {
  assert.equal(jobTitle(job('x')), 'x.png');
  const two = job('y', { files: [...job('y').files, { ...job('y').files[0]!, index: 1, name: 'z.png' }] });
  assert.equal(jobTitle(two), 'y.png +1');
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatBytes(50 * 1024 * 1024), '50 MB');
  assert.equal(formatDuration(0.2), '1 s');
  assert.equal(formatDuration(125), '2 min');
  assert.equal(formatDuration(3900), '1 h 5 min');
});
