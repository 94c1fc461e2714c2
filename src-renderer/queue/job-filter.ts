// Which jobs the queue shows, in which order: pure, so it is tested without a browser.
import type { Job, JobStatus } from '../../src-shared/api-schemas.ts';

export type StatusFilter = 'all' | 'active' | 'completed' | 'failed' | 'canceled';

export const STATUS_FILTERS: ReadonlyArray<{ id: StatusFilter; label: string }> = [
  { id: 'all', label: 'All' },
  { id: 'active', label: 'Active' },
  { id: 'completed', label: 'Done' },
  { id: 'failed', label: 'Failed' },
  { id: 'canceled', label: 'Canceled' },
];

const ACTIVE: ReadonlySet<JobStatus> = new Set(['queued', 'processing']);

export function isActive(job: Job): boolean {
  return ACTIVE.has(job.status);
}

export function jobTitle(job: Job): string {
  if (job.name) return job.name;
  const first = job.files[0]?.name ?? job.id;
  return job.files.length > 1 ? `${first} +${job.files.length - 1}` : first;
}

export function matchesStatus(job: Job, f: StatusFilter): boolean {
  if (f === 'all') return true;
  if (f === 'active') return isActive(job);
  return job.status === f;
}

/** Case-insensitive match on the name, file names, id, external id and error code. */
export function matchesText(job: Job, text: string): boolean {
  const q = text.trim().toLowerCase();
  if (!q) return true;
  const hay = [job.name, job.id, job.externalId, job.error?.code, ...job.files.map((f) => f.name)];
  return hay.some((h) => h?.toLowerCase().includes(q));
}

/** Newest first; running jobs above the rest so progress stays in view. */
export function visibleJobs(jobs: Iterable<Job>, status: StatusFilter, text: string): Job[] {
  return [...jobs]
    .filter((j) => matchesStatus(j, status) && matchesText(j, text))
    .sort((a, b) => {
      const pa = a.status === 'processing' ? 0 : 1;
      const pb = b.status === 'processing' ? 0 : 1;
      return pa - pb || b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
    });
}

export function statusCounts(jobs: Iterable<Job>): Record<StatusFilter, number> {
  const c: Record<StatusFilter, number> = { all: 0, active: 0, completed: 0, failed: 0, canceled: 0 };
  for (const j of jobs) {
    c.all++;
    if (isActive(j)) c.active++;
    else if (j.status === 'completed' || j.status === 'failed' || j.status === 'canceled') c[j.status]++;
  }
  return c;
}

/** Whether `incoming` is at least as new as `current` (events and list refreshes race). */
export function isNewer(incoming: Job, current: Job | undefined): boolean {
  if (!current) return true;
  return Date.parse(incoming.updatedAt) >= Date.parse(current.updatedAt);
}
