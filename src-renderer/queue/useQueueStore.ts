// Every job the engine knows (GUI, hot folders, scripts), kept live from the event stream with a periodic list
// refresh as the fallback; the selection and the queue's filters.
import { create } from 'zustand';
import type { ApiClient } from '../../src-shared/api-client.ts';
import type { Job, JobEvent } from '../../src-shared/api-schemas.ts';
import type { StreamState } from '../api/event-stream.ts';
import { noticeError } from '../shell/useNoticeStore.ts';
import { isNewer, type StatusFilter } from './job-filter.ts';

interface QueueState {
  readonly jobs: Readonly<Record<string, Job>>;
  readonly loaded: boolean;
  readonly selectedId: string | undefined;
  readonly statusFilter: StatusFilter;
  readonly text: string;
  readonly stream: StreamState;
  /** When the first page of a job appeared (performance.now()), for the drop-to-first-page measurement. */
  readonly firstPageAt: Readonly<Record<string, number>>;
  readonly refresh: (api: ApiClient) => Promise<void>;
  readonly upsert: (job: Job) => void;
  readonly applyEvent: (e: JobEvent) => void;
  readonly setStream: (s: StreamState) => void;
  readonly select: (id: string | undefined) => void;
  readonly setStatusFilter: (f: StatusFilter) => void;
  readonly setText: (t: string) => void;
  readonly cancel: (api: ApiClient, id: string) => Promise<void>;
  readonly retry: (api: ApiClient, id: string) => Promise<void>;
  readonly remove: (api: ApiClient, id: string) => Promise<void>;
}

const LIST_LIMIT = 500;

export const useQueueStore = create<QueueState>((set, get) => {
  const put = (job: Job): void => {
    const cur = get().jobs[job.id];
    if (!isNewer(job, cur)) return;
    const firstPageAt =
      job.pagesDone > 0 && get().firstPageAt[job.id] === undefined
        ? { ...get().firstPageAt, [job.id]: performance.now() }
        : get().firstPageAt;
    set({ jobs: { ...get().jobs, [job.id]: job }, firstPageAt });
  };
  const drop = (id: string): void => {
    if (!(id in get().jobs)) return;
    const { [id]: _gone, ...rest } = get().jobs;
    set({ jobs: rest, selectedId: get().selectedId === id ? undefined : get().selectedId });
  };
  return {
    jobs: {},
    loaded: false,
    selectedId: undefined,
    statusFilter: 'all',
    text: '',
    stream: 'connecting',
    firstPageAt: {},
    async refresh(api) {
      const started = Date.now();
      const list = await api.listJobs({ limit: LIST_LIMIT, sort: '-created' });
      const seen = new Set(list.jobs.map((j) => j.id));
      for (const j of list.jobs) put(j);
      // Gone from the server (deleted elsewhere), unless it appeared here after the list was read.
      for (const j of Object.values(get().jobs)) {
        if (!seen.has(j.id) && Date.parse(j.createdAt) < started - 1000 && list.total <= LIST_LIMIT)
          drop(j.id);
      }
      set({ loaded: true });
    },
    upsert: put,
    applyEvent(e) {
      if (e.type === 'job.deleted' || e.job === null) drop(e.jobId);
      else put(e.job);
    },
    setStream: (stream) => set({ stream }),
    select: (selectedId) => set({ selectedId }),
    setStatusFilter: (statusFilter) => set({ statusFilter }),
    setText: (text) => set({ text }),
    async cancel(api, id) {
      try {
        put(await api.cancelJob(id));
      } catch (e) {
        noticeError('Cancel failed', e);
      }
    },
    async retry(api, id) {
      try {
        put(await api.retryJob(id));
      } catch (e) {
        noticeError('Retry failed', e);
      }
    },
    async remove(api, id) {
      try {
        await api.deleteJob(id);
        drop(id);
      } catch (e) {
        noticeError('Delete failed', e);
      }
    },
  };
});
