// The engine as a service: store, queue runner, hot folders, webhooks and the REST API, wired once.
// `ocrdesk serve`, the Electron shell and the tests all start it through here.
import type { Job } from '../../src-shared/api-schemas.ts';
import { loadOrCreateToken } from './config/api-token.ts';
import { OcrDeskError } from '../../src-shared/errors.ts';
import { type DataPaths, dataPaths } from './config/paths.ts';
import { claimServerFile, removeServerFile, writeServerFile } from './config/server-file.ts';
import { compiledProviders } from './ocr/onnx-runtime.ts';
import type { EngineInfo, OcrEngineOptions } from './ocr/ocr-engine.ts';
import { ArtifactRefresh } from './queue/artifact-refresh.ts';
import { EventBus } from './queue/event-bus.ts';
import { JobRunner } from './queue/job-runner.ts';
import { OcrService } from './queue/ocr-worker-client.ts';
import { JobService, MAX_FILES_PER_JOB } from './queue/job-service.ts';
import { jobDocument, writeArtifacts } from './queue/write-artifacts.ts';
import type { ApiDeps } from './server/api-deps.ts';
import { type ApiServer, startApiServer } from './server/http-server.ts';
import { LoginTickets, type LoginTicketOptions } from './server/login-tickets.ts';
import { loginUrl } from './server/routes-session.ts';
import { Store } from './store/store.ts';
import { VERSION } from './version.ts';
import { HotFolderManager } from './watch/hot-folders.ts';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.ts';

export interface EngineHostOptions {
  readonly home: string;
  /** 0 = a free port. */
  readonly port?: number;
  readonly engine?: OcrEngineOptions;
  readonly allowedOrigins?: readonly string[];
  readonly maxUploadBytes?: number;
  readonly maxAttempts?: number;
  readonly webhookRetryBaseMs?: number;
  /** New API jobs are refused (429) past this many queued jobs (0: no limit; default 10000 or OCRDESK_MAX_QUEUED_JOBS). */
  readonly maxQueuedJobs?: number;
  /** ... or past this many new API jobs per minute (0: no limit, the default; or OCRDESK_MAX_JOBS_PER_MINUTE). */
  readonly maxJobsPerMinute?: number;
  readonly fallback?: Parameters<typeof startApiServer>[1]['fallback'];
  /** One-time browser login links (ticket lifetime, rate limit). */
  readonly loginTickets?: LoginTicketOptions;
}

const FINAL: ReadonlySet<Job['status']> = new Set(['completed', 'failed', 'canceled']);

/** `{ [key]: n }` for a whole number >= 0, nothing when unset; anything else is a configuration error. */
function limitOption<K extends string>(key: K, n: number | undefined): Partial<Record<K, number>> {
  if (n === undefined) return {};
  if (!Number.isInteger(n) || n < 0) throw new Error(`${key} must be a whole number >= 0, not ${n}`);
  return { [key]: n } as Partial<Record<K, number>>;
}

export class EngineHost {
  private constructor(
    readonly paths: DataPaths,
    readonly token: string,
    readonly store: Store,
    readonly bus: EventBus,
    readonly service: JobService,
    readonly runner: JobRunner,
    readonly hotFolders: HotFolderManager,
    readonly webhooks: WebhookDispatcher,
    readonly ocr: OcrService,
    readonly loginTickets: LoginTickets,
    readonly artifactRefresh: ArtifactRefresh,
    private server: ApiServer | undefined,
  ) {}

  get url(): string {
    return this.server?.url ?? '';
  }

  get port(): number {
    return this.server?.port ?? 0;
  }

  static async start(options: EngineHostOptions): Promise<EngineHost> {
    // One engine per data folder: two would run the same queue. (A record of this very process is a host it
    // left open, as tests do; a crashed engine's record names a dead process and is ignored.)
    const paths = dataPaths(options.home);
    const other = claimServerFile(paths.root);
    if (other) {
      throw new OcrDeskError(
        'CONFLICT',
        `an OCR Desk engine already serves ${options.home} at ${other.url ?? '(still starting)'} (process ` +
          `${other.pid}); use that one, or give this one another data folder (--home / OCRDESK_HOME)`,
        { url: other.url, pid: other.pid },
      );
    }
    try {
      return await EngineHost.build(options, paths);
    } catch (e) {
      // A start that failed (port taken, database unreadable) must not keep others off the folder.
      removeServerFile(paths.root);
      throw e;
    }
  }

  private static async build(options: EngineHostOptions, paths: DataPaths): Promise<EngineHost> {
    const token = loadOrCreateToken(paths.token);
    const store = Store.open(paths.database);
    const bus = new EventBus(store);
    // Closures below need the host that is built after them.
    // eslint-disable-next-line prefer-const
    let host: EngineHost | undefined;
    // Models load in the OCR process in the background: /health answers at once, /ready once they are in.
    const ocr = new OcrService(options.engine ?? {});
    ocr.whenReady().catch((e: unknown) => console.error('the OCR engine failed to load:', e));
    const runner = new JobRunner(store, paths, bus, ocr, {
      maxAttempts: options.maxAttempts ?? 3,
      onFinished: (id) => host!.hotFolders.onJobFinished(id),
    });
    const envLimit = (name: string): number | undefined =>
      process.env[name] === undefined ? undefined : Number(process.env[name]);
    const service = new JobService(store, paths, bus, () => runner.wake(), {
      ...limitOption('maxQueuedJobs', options.maxQueuedJobs ?? envLimit('OCRDESK_MAX_QUEUED_JOBS')),
      ...limitOption('maxJobsPerMinute', options.maxJobsPerMinute ?? envLimit('OCRDESK_MAX_JOBS_PER_MINUTE')),
    });
    const hotFolders = new HotFolderManager(store, service);
    const webhooks = new WebhookDispatcher(store, bus, {
      ...(options.webhookRetryBaseMs !== undefined && { baseDelayMs: options.webhookRetryBaseMs }),
    });
    const loginTickets = new LoginTickets(token, options.loginTickets);
    const artifactRefresh = new ArtifactRefresh(store, (id, formats) =>
      writeArtifacts(store, paths, id, formats),
    );
    host = new EngineHost(
      paths,
      token,
      store,
      bus,
      service,
      runner,
      hotFolders,
      webhooks,
      ocr,
      loginTickets,
      artifactRefresh,
      undefined,
    );
    const deps: ApiDeps = {
      version: VERSION,
      store,
      service,
      bus,
      paths,
      limits: { maxBytes: options.maxUploadBytes ?? 2 * 1024 ** 3, maxFiles: MAX_FILES_PER_JOB },
      engineInfo: () => ocr.engineInfo,
      providersAvailable: () => compiledProviders(),
      providerRequested: options.engine?.provider ?? 'auto',
      jobDocument: (id) => jobDocument(store, id),
      writeArtifacts: (id, formats, overrides) => writeArtifacts(store, paths, id, formats, overrides),
      waitForJob: (id, timeoutMs) => host.waitForJob(id, timeoutMs),
      artifactRefresh,
      hotFolders,
      webhooks,
      // Counted by the runner per stored page (job.progress also fires on stage changes and corrections).
      metrics: {
        requests: new Map(),
        pagesProcessed: () => runner.pageSeconds.snapshot().count,
        pageSeconds: () => runner.pageSeconds.snapshot(),
      },
      loginTickets,
    };
    try {
      host.server = await startApiServer(deps, {
        port: options.port ?? 0,
        token,
        ...(options.allowedOrigins && { allowedOrigins: options.allowedOrigins }),
        ...(options.fallback && { fallback: options.fallback }),
      });
      webhooks.start();
      runner.start();
      await hotFolders.start();
    } catch (e) {
      // The OCR process and the database are open by now: a start that fails (port taken) ends them at once, or
      // the process could never exit (nothing has run yet that a graceful close would wait for).
      hotFolders.stop();
      webhooks.stop();
      artifactRefresh.close();
      ocr.kill();
      store.close();
      throw e;
    }
    writeServerFile(paths.root, { url: host.url, port: host.port, pid: process.pid });
    return host;
  }

  /** A one-time link that logs a browser into the GUI (`#login=<ticket>`; the token never rides in a URL). */
  loginLink(): { url: string; expiresAt: Date } {
    const { ticket, expiresAt } = this.loginTickets.mint();
    return { url: loginUrl(this.url, ticket), expiresAt };
  }

  engineInfo(): EngineInfo | undefined {
    return this.ocr.engineInfo;
  }

  /** Resolves with the job once it reaches a final state, or as it is when the time runs out. */
  waitForJob(id: string, timeoutMs: number): Promise<Job> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        try {
          const job = this.store.jobs.get(id);
          if (FINAL.has(job.status)) {
            done(job);
            return true;
          }
        } catch (e) {
          cleanup();
          reject(e instanceof Error ? e : new Error(String(e)));
          return true;
        }
        return false;
      };
      const unsubscribe = this.bus.subscribe((e) => {
        if (e.jobId === id) check();
      });
      const timer = setTimeout(() => done(this.store.jobs.get(id)), timeoutMs);
      const cleanup = (): void => {
        unsubscribe();
        clearTimeout(timer);
      };
      const done = (job: Job): void => {
        cleanup();
        resolve(job);
      };
      check();
    });
  }

  /** Stops taking work, lets the page in progress finish, then closes everything. */
  async close(): Promise<void> {
    removeServerFile(this.paths.root);
    this.hotFolders.stop();
    this.webhooks.stop();
    this.artifactRefresh.close();
    await this.runner.stop();
    await this.server?.close();
    await this.ocr.close();
    this.store.close();
  }
}
