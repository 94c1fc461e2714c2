// Synchronous answers (`?wait=true`): resolve once every job has ended, the time is up, or the caller went away.
import type { Job } from '../../../src-shared/api-schemas.ts';
import type { Store } from '../store/store.ts';
import type { EventBus } from './event-bus.ts';

const FINAL: ReadonlySet<Job['status']> = new Set(['completed', 'failed', 'canceled']);

export function isFinal(job: Job): boolean {
  return FINAL.has(job.status);
}

/** The jobs as they are when all have ended, or when `timeoutMs` passes or `signal` aborts (some still running). */
export function waitForJobs(
  store: Store,
  bus: EventBus,
  ids: readonly string[],
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Job[]> {
  return new Promise((resolve, reject) => {
    const pending = new Set(ids);
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      unsubscribe();
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      try {
        resolve(ids.map((id) => store.jobs.get(id)));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    };
    const check = (id: string): void => {
      if (!store.jobs.exists(id) || isFinal(store.jobs.get(id))) pending.delete(id);
      if (pending.size === 0) finish();
    };
    const unsubscribe = bus.subscribe((e) => {
      if (pending.has(e.jobId)) check(e.jobId);
    });
    const timer = setTimeout(finish, timeoutMs);
    signal?.addEventListener('abort', finish);
    for (const id of ids) check(id);
  });
}
