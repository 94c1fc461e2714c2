// Files on their way to the engine: one job per file (each document on its own, so one bad file rejects only
// itself), uploaded two at a time with progress; rejected files keep the API's code and message.
import { create } from 'zustand';
import type { ApiClient } from '../../src-shared/api-client.ts';
import { useQueueStore } from '../queue/useQueueStore.ts';
import type { PickedFile } from './collect-files.ts';
import { uploadJob } from './upload-xhr.ts';

export interface Upload {
  readonly id: number;
  readonly name: string;
  readonly size: number;
  readonly loaded: number;
  readonly state: 'waiting' | 'uploading' | 'done' | 'rejected';
  readonly error?: { code: string; message: string };
  readonly jobId?: string;
  /** performance.now() when the file was dropped or picked. */
  readonly startedAt: number;
}

interface UploadState {
  readonly uploads: readonly Upload[];
  /** Profile for new jobs ('' = the engine's defaults). */
  readonly profile: string;
  readonly setProfile: (p: string) => void;
  readonly add: (api: ApiClient, token: string, files: readonly PickedFile[]) => void;
  /** Jobs from files on the engine's machine (Electron's native picker gives paths). */
  readonly addPaths: (api: ApiClient, paths: readonly string[]) => Promise<void>;
  readonly clearFinished: () => void;
}

const PARALLEL = 2;
let nextId = 1;

export const useUploadStore = create<UploadState>((set, get) => {
  const patch = (id: number, p: Partial<Upload>): void =>
    set({ uploads: get().uploads.map((u) => (u.id === id ? { ...u, ...p } : u)) });
  const pending: Array<{ id: number; file: PickedFile; api: ApiClient; token: string }> = [];
  let running = 0;
  const pump = (): void => {
    while (running < PARALLEL && pending.length > 0) {
      const next = pending.shift()!;
      running++;
      patch(next.id, { state: 'uploading' });
      const profile = get().profile;
      uploadJob(
        next.api.baseUrl,
        next.token,
        [{ name: next.file.file.name, data: next.file.file }],
        profile ? { profile } : {},
        (loaded) => patch(next.id, { loaded }),
      )
        .then((job) => {
          patch(next.id, { state: 'done', loaded: next.file.file.size, jobId: job.id });
          const q = useQueueStore.getState();
          q.upsert(job);
          // The newest drop is what the user wants to look at.
          q.select(job.id);
        })
        .catch((e: unknown) => {
          const err = e as { code?: string; message?: string };
          patch(next.id, {
            state: 'rejected',
            error: { code: err.code ?? 'INTERNAL', message: err.message ?? String(e) },
          });
        })
        .finally(() => {
          running--;
          pump();
        });
    }
  };
  return {
    uploads: [],
    profile: '',
    setProfile: (profile) => set({ profile }),
    add(api, token, files) {
      const now = performance.now();
      const added = files.map((f) => ({
        id: nextId++,
        name: f.path,
        size: f.file.size,
        loaded: 0,
        state: 'waiting' as const,
        startedAt: now,
        file: f,
      }));
      set({ uploads: [...get().uploads, ...added.map(({ file: _f, ...u }) => u)] });
      for (const a of added) pending.push({ id: a.id, file: a.file, api, token });
      pump();
    },
    async addPaths(api, paths) {
      const profile = get().profile;
      for (const p of paths) {
        const id = nextId++;
        const name = p.split(/[\\/]/).pop() ?? p;
        set({
          uploads: [
            ...get().uploads,
            { id, name, size: 0, loaded: 0, state: 'uploading', startedAt: performance.now() },
          ],
        });
        try {
          const job = await api.createJobFromPaths({ paths: [p], ...(profile && { profile }) });
          patch(id, { state: 'done', jobId: job.id });
          useQueueStore.getState().upsert(job);
          useQueueStore.getState().select(job.id);
        } catch (e) {
          const err = e as { code?: string; message?: string };
          patch(id, {
            state: 'rejected',
            error: { code: err.code ?? 'INTERNAL', message: err.message ?? String(e) },
          });
        }
      }
    },
    clearFinished() {
      set({ uploads: get().uploads.filter((u) => u.state === 'waiting' || u.state === 'uploading') });
    },
  };
});
