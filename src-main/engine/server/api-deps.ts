// What the routes need from the engine host; the host builds one of these (tests too).
import type { ArtifactRefresh } from '../queue/artifact-refresh.ts';
import type {
  HotFolder,
  HotFolderInput,
  Job,
  JobOptions,
  OutputFormat,
  Webhook,
  WebhookInput,
} from '../../../src-shared/api-schemas.ts';
import type { DocumentResult } from '../../../src-shared/ocr-result.ts';
import type { DataPaths } from '../config/paths.ts';
import type { EngineInfo } from '../ocr/ocr-engine.ts';
import type { EventBus } from '../queue/event-bus.ts';
import type { HistogramSnapshot } from '../queue/page-histogram.ts';
import type { JobService } from '../queue/job-service.ts';
import type { Store } from '../store/store.ts';
import type { LoginTickets } from './login-tickets.ts';

export interface ApiLimits {
  /** Total bytes of one upload request. */
  readonly maxBytes: number;
  readonly maxFiles: number;
}

export interface ApiDeps {
  readonly version: string;
  readonly store: Store;
  readonly service: JobService;
  readonly bus: EventBus;
  readonly paths: DataPaths;
  readonly limits: ApiLimits;
  /** The engine once loaded; undefined while models load (then /ready says 503). */
  readonly engineInfo: () => EngineInfo | undefined;
  readonly providersAvailable: () => readonly string[];
  /** The provider preference the engine was started with (shown by the GUI; it cannot change while running). */
  readonly providerRequested?: string;
  readonly jobDocument: (jobId: string) => DocumentResult;
  /** Writes outputs again; `overrides` (PDF/A level, metadata) win over the job's options for these outputs. */
  readonly writeArtifacts: (
    jobId: string,
    formats: readonly OutputFormat[],
    overrides?: JobOptions,
  ) => Promise<string[]>;
  readonly waitForJob: (jobId: string, timeoutMs: number) => Promise<Job>;
  /** Outputs written again after corrections (`corrected` after a save, `fresh` before a download). */
  readonly artifactRefresh: Pick<ArtifactRefresh, 'corrected' | 'fresh'>;
  readonly hotFolders: {
    create(input: HotFolderInput): Promise<HotFolder>;
    update(id: string, input: HotFolderInput): Promise<HotFolder>;
    remove(id: string): Promise<void>;
  };
  readonly webhooks: {
    create(input: WebhookInput): Webhook & { secret: string };
    update(id: string, input: WebhookInput): Webhook;
  };
  readonly metrics: {
    requests: Map<string, number>;
    pagesProcessed: () => number;
    /** Seconds per recognised page since start (a Prometheus histogram). */
    pageSeconds?: () => HistogramSnapshot;
  };
  /** One-time login links for the browser GUI; absent: the session routes answer 404. */
  readonly loginTickets?: LoginTickets;
}
