// The service's side of the OCR process: files in, pages out as an async stream, typed errors rethrown here.
import { type ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import type { JobOptions } from '../../../src-shared/api-schemas.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import type { PageResult } from '../../../src-shared/ocr-result.ts';
import type { EngineInfo, OcrEngineOptions } from '../ocr/ocr-engine.ts';
import type { RunReply, WorkerReply, WorkerRequest } from './ocr-worker-protocol.ts';
import type { OpenPagesTarget, PageStream } from './page-source.ts';

function rethrow(e: { code: string; message: string; details: Record<string, unknown> }): OcrDeskError {
  return new OcrDeskError(e.code as OcrDeskError['code'], e.message, e.details);
}

/** nice value of the OCR process (0 normal, 19 lowest). */
const OCR_NICENESS = 10;

export class OcrWorker {
  private info: EngineInfo | undefined;
  private readonly ready: Promise<EngineInfo>;
  private listener: ((m: RunReply) => void) | undefined;
  private run = 0;
  private exited: Error | undefined;

  private constructor(private readonly worker: ChildProcess) {
    this.ready = new Promise((resolve, reject) => {
      worker.on('message', (m: WorkerReply) => {
        if (m.type === 'ready') {
          this.info = m.info;
          resolve(m.info);
        } else if (m.type === 'init-error') reject(rethrow(m.error));
        else this.listener?.(m);
      });
      worker.on('error', (e) => {
        this.exited = e;
        reject(e);
        this.listener?.({
          run: this.run,
          type: 'error',
          error: { code: 'INTERNAL', message: `OCR worker crashed: ${e.message}`, details: {} },
        });
      });
      worker.on('exit', (code) => {
        this.exited ??= new Error(`OCR worker exited (${code})`);
        this.listener?.({
          run: this.run,
          type: 'error',
          error: { code: 'INTERNAL', message: this.exited.message, details: {} },
        });
      });
    });
    this.ready.catch(() => undefined);
  }

  static start(options: OcrEngineOptions): OcrWorker {
    const child = fork(new URL('./ocr-worker-entry.mjs', import.meta.url), [], {
      serialization: 'advanced',
      env: { ...process.env, OCRDESK_WORKER_OPTIONS: JSON.stringify(options) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // Lower priority: under load the API answers first and OCR takes the rest of the CPU.
    try {
      if (child.pid !== undefined) os.setPriority(child.pid, OCR_NICENESS);
    } catch {
      // Not permitted on some systems; OCR then competes at normal priority.
    }
    return new OcrWorker(child);
  }

  get alive(): boolean {
    return this.exited === undefined;
  }

  /** The engine's info once models are loaded; undefined before. */
  get engineInfo(): EngineInfo | undefined {
    return this.info;
  }

  whenReady(): Promise<EngineInfo> {
    return this.ready;
  }

  private send(m: WorkerRequest): void {
    if (this.worker.connected) this.worker.send(m);
  }

  /** Asks the worker to stop after the page it is on (cancel, shutdown). */
  stop(): void {
    this.send({ type: 'stop' });
  }

  async openPages(
    file: string,
    options: JobOptions,
    skip: ReadonlySet<number>,
    target: OpenPagesTarget,
  ): Promise<PageStream> {
    await this.ready;
    if (this.exited) throw new OcrDeskError('INTERNAL', this.exited.message);
    const run = ++this.run;
    const queue: RunReply[] = [];
    let wake: (() => void) | undefined;
    this.listener = (m) => {
      if (m.run !== run) return;
      queue.push(m);
      wake?.();
    };
    const next = async (): Promise<RunReply> => {
      while (queue.length === 0) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      return queue.shift()!;
    };
    this.send({ type: 'open', run, file, options, skip: [...skip], ...target });
    const first = await next();
    if (first.type === 'error') throw rethrow(first.error);
    if (first.type !== 'meta')
      throw new OcrDeskError('INTERNAL', `OCR worker answered ${first.type} before meta`);
    let fileWarnings: string[] = [];
    const pages = async function* (): AsyncGenerator<PageResult> {
      for (;;) {
        const m = await next();
        if (m.type === 'page') yield m.result;
        else if (m.type === 'end') {
          fileWarnings = m.warnings;
          return;
        } else if (m.type === 'error') throw rethrow(m.error);
      }
    };
    return {
      mediaType: first.mediaType,
      pageCount: first.pageCount,
      pages: pages(),
      warnings: () => fileWarnings,
    };
  }

  /** Ends the process at once (a host that failed to start has nothing to finish). */
  kill(): void {
    this.worker.kill();
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise((r) => this.worker.once('exit', r));
    this.send({ type: 'close' });
    await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
    this.worker.kill();
  }
}

/** The OCR process, started again if it died (a native crash on a bad input must not end OCR for good). */
export class OcrService {
  private current: OcrWorker;

  constructor(private readonly options: OcrEngineOptions) {
    this.current = OcrWorker.start(options);
  }

  get engineInfo(): EngineInfo | undefined {
    return this.current.engineInfo;
  }

  whenReady(): Promise<EngineInfo> {
    return this.current.whenReady();
  }

  stop(): void {
    this.current.stop();
  }

  kill(): void {
    this.current.kill();
  }

  openPages(
    file: string,
    options: JobOptions,
    skip: ReadonlySet<number>,
    target: OpenPagesTarget,
  ): Promise<PageStream> {
    if (!this.current.alive) this.current = OcrWorker.start(this.options);
    return this.current.openPages(file, options, skip, target);
  }

  close(): Promise<void> {
    return this.current.close();
  }
}
