// Recognition on CPU in several single-threaded sessions at once, each in its own worker thread.
// Measured on the dev set's strips (2 cores): one session with 2 intra-op threads scales 1.45× over one
// thread, two single-threaded sessions side by side close to 2× (the model's layers are too small to split
// well), and the shared session's spinning threads lose far more when other processes want the cores.
import { Worker } from 'node:worker_threads';
import type { RasterImage } from '../documents/raster.ts';
import type { DecodedLine } from './ctc-decode.ts';
import type { RecognizerConfig } from './recognize.ts';

export interface PoolWorkerData {
  readonly modelPath: string;
  readonly threads: number;
  readonly characters: readonly string[];
  readonly config: Omit<RecognizerConfig, 'characters'>;
}

export interface PoolRequest {
  readonly id: number;
  readonly strips: readonly RasterImage[];
}

export type PoolReply =
  | { readonly id: number; readonly lines: readonly DecodedLine[]; readonly error?: undefined }
  | { readonly id: number; readonly error: string };

/** Strips handed to a worker at once: enough to amortise a message, few enough to share the work evenly. */
const CHUNK_PIXELS = 1600;

interface Slot {
  readonly worker: Worker;
  /** Requests in flight on this worker. */
  readonly pending: Map<number, { resolve: (r: PoolReply) => void; reject: (e: Error) => void }>;
  dead?: Error;
}

export class RecognizerPool {
  private nextId = 0;

  private constructor(private readonly slots: Slot[]) {
    for (const s of slots) {
      s.worker.on('message', (r: PoolReply) => {
        const p = s.pending.get(r.id);
        s.pending.delete(r.id);
        p?.resolve(r);
      });
      // A thread that dies fails what it held instead of leaving the page waiting forever.
      const fail = (e: Error): void => {
        s.dead ??= e;
        for (const p of s.pending.values()) p.reject(e);
        s.pending.clear();
      };
      s.worker.on('error', fail);
      s.worker.on('exit', (code) => fail(new Error(`recognizer thread exited (${code})`)));
    }
  }

  get size(): number {
    return this.slots.length;
  }

  static async create(size: number, data: PoolWorkerData): Promise<RecognizerPool> {
    const entry = new URL('./recognizer-thread-entry.mjs', import.meta.url);
    const workers = Array.from({ length: size }, () => new Worker(entry, { workerData: data }));
    try {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              w.once('message', (r: PoolReply) =>
                r.error === undefined ? resolve() : reject(new Error(r.error)),
              );
              w.once('error', reject);
            }),
        ),
      );
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    return new RecognizerPool(workers.map((worker) => ({ worker, pending: new Map() })));
  }

  /** Every thread reads the strip once (first runs allocate and pick kernels). */
  async warmUp(strip: RasterImage): Promise<void> {
    await Promise.all(this.slots.map((s) => this.send(s, [strip])));
  }

  /** Recognise strips on whichever worker is free; results in the strips' order. */
  async recognize(strips: readonly RasterImage[]): Promise<DecodedLine[]> {
    // Widest first, so the last chunks are short and the workers finish together.
    const order = strips.map((_, i) => i).sort((a, b) => strips[b]!.width - strips[a]!.width);
    const chunks: number[][] = [];
    let chunk: number[] = [];
    let px = 0;
    for (const i of order) {
      chunk.push(i);
      px += strips[i]!.width;
      if (px >= CHUNK_PIXELS) {
        chunks.push(chunk);
        chunk = [];
        px = 0;
      }
    }
    if (chunk.length) chunks.push(chunk);

    const results = new Array<DecodedLine>(strips.length);
    let next = 0;
    const drain = async (slot: Slot): Promise<void> => {
      while (next < chunks.length) {
        const idx = chunks[next++]!;
        const reply = await this.send(
          slot,
          idx.map((i) => strips[i]!),
        );
        if (reply.error !== undefined) throw new Error(`recognizer thread: ${reply.error}`);
        idx.forEach((i, k) => (results[i] = reply.lines[k]!));
      }
    };
    await Promise.all(this.slots.map(drain));
    return results;
  }

  private send(slot: Slot, strips: readonly RasterImage[]): Promise<PoolReply> {
    if (slot.dead) return Promise.reject(slot.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, strips } satisfies PoolRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
