// The REST API's contract: request and response shapes, validated on both sides and turned into OpenAPI.
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './errors.ts';
import { PageResultSchema, RotationSchema } from './ocr-result.ts';

export const API_PREFIX = '/api/v1';

export const OUTPUT_FORMATS = ['pdf', 'txt', 'json', 'hocr', 'alto', 'md', 'docx'] as const;
export const OutputFormatSchema = z.enum(OUTPUT_FORMATS);
export type OutputFormat = z.infer<typeof OutputFormatSchema>;

export const JOB_STATUSES = ['queued', 'processing', 'completed', 'failed', 'canceled'] as const;
export const JobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatusSchema>;

/** Everything a job can be told; profiles bundle these, a job may override any field. */
export const JobOptionsSchema = z
  .object({
    /** auto: OCR scans only, keep existing text; force: OCR every page; redo: replace earlier OCR layers. */
    mode: z.enum(['auto', 'force', 'redo']),
    /** 1-based page ranges, e.g. "1-3,7". */
    pages: z.string().regex(/^\s*\d+(\s*-\s*\d*)?(\s*,\s*\d+(\s*-\s*\d*)?)*\s*$/, 'page ranges like 1-3,7'),
    dpi: z.number().int().min(72).max(1200),
    deskew: z.boolean(),
    autoRotate: z.boolean(),
    despeckle: z.boolean(),
    binarize: z.boolean(),
    /** Drop pages whose ink ratio is under the threshold (0 keeps every page). */
    removeBlankThreshold: z.number().min(0).max(0.1),
    /** Words under this confidence are left out of text outputs. */
    minConfidence: z.number().min(0).max(1),
    outputs: z.array(OutputFormatSchema).min(1),
    /** PDF/A level of the PDF output; 'none' writes a plain searchable PDF. */
    pdfa: z.enum(['1b', '2b', '3b', 'none']),
    title: z.string().max(1000),
    author: z.string().max(1000),
    subject: z.string().max(1000),
    keywords: z.string().max(1000),
    jpegQuality: z.number().int().min(10).max(100),
    /**
     * Image optimisation of the PDF output (OCRmyPDF's -O levels, roughly): 'none' keeps every image's bytes;
     * 'lossless' recompresses without changing a pixel; 'lossy' also re-encodes images as JPEG at `jpegQuality`
     * (or bilevel ones as 1-bit) where that is clearly smaller.
     */
    optimize: z.enum(['none', 'lossless', 'lossy']),
    /**
     * What the results API returns per page (DotsOCR's modes): blocks with labels, boxes and text; text and
     * Markdown only; or blocks with labels and boxes only. Recognition runs in every mode (lines are kept only
     * where text is read), so this shapes the answer, not the work.
     */
    layout: z.enum(['layout+text', 'text', 'layout']),
  })
  .partial()
  .strict();
export type JobOptions = z.infer<typeof JobOptionsSchema>;

export const DEFAULT_JOB_OPTIONS = {
  mode: 'auto',
  dpi: 300,
  deskew: false,
  autoRotate: false,
  despeckle: false,
  binarize: false,
  removeBlankThreshold: 0,
  minConfidence: 0,
  outputs: ['pdf', 'txt', 'json'],
  pdfa: '2b',
  jpegQuality: 85,
  optimize: 'lossless',
} as const satisfies JobOptions;

const IdSchema = z.string().min(1).max(100);
const TimestampSchema = z.string().describe('ISO 8601, UTC');

/** Fields of a new job besides its files (multipart: a `meta` JSON part or plain fields; JSON: with `paths`). */
export const JobCreateSchema = z
  .object({
    name: z.string().max(500).optional(),
    externalId: z.string().max(500).optional(),
    profile: z.string().max(100).optional(),
    priority: z.number().int().min(-100).max(100).optional(),
    options: JobOptionsSchema.optional(),
    /** Files already on this machine, read by the server (absolute paths). */
    paths: z.array(z.string().min(1)).max(1000).optional(),
    /** Reuse the results of an identical earlier job (same bytes, same options). */
    useCache: z.boolean().optional(),
    /** false: the job waits (held) until `POST /jobs/{id}/start` (ownOCR's Autostart, DocumentRefinery's ingest). */
    start: z.boolean().optional(),
    /** The job is not started before this time (ISO 8601); it keeps its place in the queue meanwhile. */
    notBefore: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type JobCreate = z.infer<typeof JobCreateSchema>;

/** `POST /jobs?wait=true&timeout=S`: answer 200 with the ended job, or 202 with it as it is after S seconds. */
export const WaitQuerySchema = z
  .object({
    wait: z.enum(['true', 'false']).optional(),
    timeout: z.coerce.number().min(0).max(3600).optional().describe('seconds, default 300'),
  })
  .strict();

/** More inputs for a job that has not started: files on this machine (multipart uploads need no body schema). */
export const AddFilesSchema = z.object({ paths: z.array(z.string().min(1)).min(1).max(1000) }).strict();

/** Changes to a job after creation; options only before any page of it was read. */
export const JobPatchSchema = z
  .object({
    name: z.string().max(500).nullable(),
    externalId: z.string().max(500).nullable(),
    priority: z.number().int().min(-100).max(100),
    /** Held jobs wait for `POST /jobs/{id}/start` (or `held: false`). */
    held: z.boolean(),
    notBefore: z.iso.datetime({ offset: true }).nullable(),
    /** Merged over the job's current options. */
    options: JobOptionsSchema,
  })
  .partial()
  .strict();
export type JobPatch = z.infer<typeof JobPatchSchema>;

export const JobErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export const JobFileSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  mediaType: z.string().nullable(),
  pageCount: z.number().int().nullable(),
  pagesDone: z.number().int(),
  /** This file's own state within the job (Open Receipt OCR's per-file executions). */
  status: JobStatusSchema,
});

export const JobSchema = z.object({
  id: IdSchema,
  name: z.string().nullable(),
  externalId: z.string().nullable(),
  status: JobStatusSchema,
  /** What the job is doing now: queued, loading, recognizing, exporting, done. */
  stage: z.string(),
  priority: z.number().int(),
  profile: z.string().nullable(),
  options: JobOptionsSchema,
  source: z.enum(['api', 'hot-folder', 'cli']),
  files: z.array(JobFileSchema),
  pagesDone: z.number().int(),
  pagesTotal: z.number().int().nullable(),
  percent: z.number(),
  message: z.string().nullable(),
  queuePosition: z.number().int().nullable(),
  /** Seconds until the job should be done, from recent page times; null when unknown. */
  etaSeconds: z.number().nullable(),
  /** Waiting for `POST /jobs/{id}/start`. */
  held: z.boolean(),
  /** Not started before this time. */
  notBefore: TimestampSchema.nullable(),
  attempts: z.number().int(),
  fromCache: z.boolean(),
  warnings: z.array(z.string()),
  error: JobErrorSchema.nullable(),
  timings: z.object({
    queuedMs: z.number().nullable(),
    processingMs: z.number().nullable(),
    /** Milliseconds spent per stage, summed over the job's pages (export: writing the outputs). */
    stages: z.object({
      loadMs: z.number(),
      detectMs: z.number(),
      classifyMs: z.number(),
      recognizeMs: z.number(),
      layoutMs: z.number(),
      exportMs: z.number(),
    }),
  }),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  startedAt: TimestampSchema.nullable(),
  finishedAt: TimestampSchema.nullable(),
});
export type Job = z.infer<typeof JobSchema>;

export const JobListQuerySchema = z
  .object({
    status: z
      .string()
      .transform((s) => s.split(','))
      .pipe(z.array(JobStatusSchema))
      .optional(),
    /** Job ids, comma-separated. */
    id: z
      .string()
      .transform((s) => s.split(','))
      .optional(),
    externalId: z.string().optional(),
    /** queued, held, scheduled, starting, loading, recognizing, exporting, done, failed, canceled. */
    stage: z.string().optional(),
    createdAfter: z.string().optional(),
    createdBefore: z.string().optional(),
    updatedAfter: z.string().optional(),
    updatedBefore: z.string().optional(),
    sort: z.enum(['created', '-created', 'updated', '-updated', 'priority', '-priority']).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
    offset: z.coerce.number().int().min(0).optional(),
    /** 1-based page of `limit` jobs, instead of `offset`. */
    page: z.coerce.number().int().min(1).optional(),
  })
  .strict()
  .refine((q) => q.page === undefined || q.offset === undefined, 'give page or offset, not both');
export type JobListQuery = z.input<typeof JobListQuerySchema>;

export const JobListSchema = z.object({
  jobs: z.array(JobSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type JobList = z.infer<typeof JobListSchema>;

export const PageSummarySchema = z.object({
  file: z.number().int(),
  page: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  words: z.number().int(),
  corrected: z.boolean(),
  /** The page result's `rotation`: how the page image must be turned to read upright (thumbnails need it). */
  rotation: RotationSchema,
});
export const PageListSchema = z.object({ pages: z.array(PageSummarySchema) });
export type PageSummary = z.infer<typeof PageSummarySchema>;

export const StoredPageSchema = z.object({
  file: z.number().int(),
  corrected: z.boolean(),
  result: PageResultSchema,
  markdown: z.string(),
});
export type StoredPage = z.infer<typeof StoredPageSchema>;

/** One file of a batch upload: its own job, or why it was refused (the other files go on). */
export const BatchItemSchema = z.object({
  index: z.number().int(),
  fileName: z.string(),
  /** The job's status, or `rejected` when no job was made for the file. */
  status: z.enum([...JOB_STATUSES, 'rejected']),
  job: JobSchema.nullable(),
  error: JobErrorSchema.nullable(),
});
export const BatchResultSchema = z.object({
  total: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  results: z.array(BatchItemSchema),
});
export type BatchResult = z.infer<typeof BatchResultSchema>;

/** A block of the results API: DotsOCR's bbox + label + text. */
export const ResultBlockSchema = z.object({
  /** title, section-header or text, from the block's text size against the page's. */
  label: z.enum(['title', 'section-header', 'text']),
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  text: z.string().optional(),
  confidence: z.number().optional(),
});
export const ResultPageSchema = z.object({
  file: z.number().int(),
  page: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  text: z.string().optional(),
  markdown: z.string().optional(),
  blocks: z.array(ResultBlockSchema).optional(),
  imageUrl: z.string(),
  annotatedImageUrl: z.string(),
});
export const JobResultsSchema = z.object({
  jobId: z.string(),
  status: JobStatusSchema,
  layout: z.enum(['layout+text', 'text', 'layout']),
  pages: z.array(ResultPageSchema),
  downloadUrl: z.string(),
});
export type JobResults = z.infer<typeof JobResultsSchema>;
export const JobResultsQuerySchema = z
  .object({ layout: z.enum(['layout+text', 'text', 'layout']).optional() })
  .strict();

export const CachePurgedSchema = z.object({ purged: z.number().int() });

/** Server load: the queue, throughput, the job running now (ownOCR serverload/stats, Document Processor queue). */
export const StatsSchema = z.object({
  version: z.string(),
  uptimeSeconds: z.number(),
  provider: z.string().nullable(),
  jobs: z.object({
    /** Waiting to run now (held and scheduled ones not counted). */
    queued: z.number().int(),
    held: z.number().int(),
    scheduled: z.number().int(),
    processing: z.number().int(),
    completed: z.number().int(),
    failed: z.number().int(),
    canceled: z.number().int(),
    total: z.number().int(),
  }),
  pages: z.object({
    lastMinute: z.number().int(),
    last10Minutes: z.number().int(),
    /** Average over the last 10 minutes. */
    perMinute: z.number(),
    /** Mean seconds per page over recent pages; null before the first page. */
    secondsPerPage: z.number().nullable(),
  }),
  /** Share of the last 10 minutes the engine spent on pages, 0-100. */
  busyPercent: z.number(),
  current: z
    .object({
      jobId: z.string(),
      stage: z.string(),
      pagesDone: z.number().int(),
      pagesTotal: z.number().int().nullable(),
    })
    .nullable(),
  /** Seconds a job of one page queued now would wait before it is done; null when unknown. */
  estimatedWaitSeconds: z.number().nullable(),
  hotFolders: z.object({
    folders: z.number().int(),
    processing: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
  }),
  /** 0 = no limit. Past them, new jobs are answered 429 with Retry-After. */
  limits: z.object({ maxQueuedJobs: z.number().int(), maxJobsPerMinute: z.number().int() }),
});
export type Stats = z.infer<typeof StatsSchema>;

/** Text corrections: word addresses in the page result and their new text. */
export const CorrectionsSchema = z
  .object({
    words: z
      .array(
        z.object({
          block: z.number().int().min(0),
          line: z.number().int().min(0),
          word: z.number().int().min(0),
          text: z.string().max(1000),
        }),
      )
      .max(10_000),
  })
  .strict();
export type Corrections = z.infer<typeof CorrectionsSchema>;

export const ArtifactSchema = z.object({
  format: OutputFormatSchema,
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: TimestampSchema,
  /** PDF/A level the PDF really conforms to (null: a plain PDF). */
  pdfa: z.string().nullable(),
});
export const ArtifactListSchema = z.object({ artifacts: z.array(ArtifactSchema) });
export type Artifact = z.infer<typeof ArtifactSchema>;

export const ProfileSchema = z.object({
  name: z.string().regex(/^[\w.-]{1,100}$/, 'letters, digits, _ . -'),
  description: z.string().max(1000).default(''),
  options: JobOptionsSchema,
});
export type Profile = z.infer<typeof ProfileSchema>;
export const ProfileListSchema = z.object({ profiles: z.array(ProfileSchema) });

export const HotFolderInputSchema = z
  .object({
    inputDir: z.string().min(1),
    outputDir: z.string().min(1),
    profile: z.string().nullable().optional(),
    options: JobOptionsSchema.optional(),
    /** What happens to an original after its job: moved into done/ or failed/ beside it, left, or deleted. */
    afterSuccess: z.enum(['move', 'leave', 'delete']).optional(),
    afterFailure: z.enum(['move', 'leave']).optional(),
    /** A file is taken once its size and mtime have not changed for this long. */
    stableMs: z.number().int().min(0).max(600_000).optional(),
    /** Rescan by polling only (network shares, where change events do not arrive). */
    polling: z.boolean().optional(),
    pollIntervalMs: z.number().int().min(200).max(600_000).optional(),
    enabled: z.boolean().optional(),
    /** Only files with these extensions are taken (ownOCR's Filters); null or absent: every supported file. */
    extensions: z
      .array(z.string().regex(/^\.?[A-Za-z0-9]{1,10}$/, 'an extension like .pdf or tif'))
      .max(50)
      .nullable()
      .optional(),
  })
  .strict();
export type HotFolderInput = z.infer<typeof HotFolderInputSchema>;

export const HotFolderSchema = z.object({
  id: IdSchema,
  inputDir: z.string(),
  outputDir: z.string(),
  profile: z.string().nullable(),
  options: JobOptionsSchema,
  afterSuccess: z.enum(['move', 'leave', 'delete']),
  afterFailure: z.enum(['move', 'leave']),
  stableMs: z.number().int(),
  polling: z.boolean(),
  pollIntervalMs: z.number().int(),
  enabled: z.boolean(),
  /** Lower-case, with the dot; null: every supported file. */
  extensions: z.array(z.string()).nullable(),
  counters: z.object({ processing: z.number().int(), done: z.number().int(), failed: z.number().int() }),
  lastError: z.string().nullable(),
  createdAt: TimestampSchema,
});
export type HotFolder = z.infer<typeof HotFolderSchema>;
export const HotFolderListSchema = z.object({ hotFolders: z.array(HotFolderSchema) });
/** A file posted into a hot folder's input (ownOCR postfolder/postfolderu). */
export const HotFolderPostedSchema = z.object({ fileName: z.string(), path: z.string() });

export const EVENT_TYPES = [
  'job.created',
  'job.started',
  'job.progress',
  'job.completed',
  'job.failed',
  'job.canceled',
  'job.deleted',
] as const;
export const EventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventTypeSchema>;

export const WebhookInputSchema = z
  .object({
    name: z.string().max(200).optional(),
    url: z.url({ protocol: /^https?$/ }),
    /** Shared secret for the HMAC-SHA256 signature; generated when absent. */
    secret: z.string().min(16).max(200).optional(),
    /** Default: every event but job.progress (one per page; subscribe to it by name). */
    events: z.array(EventTypeSchema).min(1).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type WebhookInput = z.infer<typeof WebhookInputSchema>;

export const WebhookSchema = z.object({
  id: IdSchema,
  name: z.string().nullable(),
  url: z.string(),
  events: z.array(EventTypeSchema),
  enabled: z.boolean(),
  createdAt: TimestampSchema,
});
export const WebhookCreatedSchema = WebhookSchema.extend({ secret: z.string() });
export type Webhook = z.infer<typeof WebhookSchema>;
export const WebhookListSchema = z.object({ webhooks: z.array(WebhookSchema) });

export const DeliverySchema = z.object({
  id: z.number().int(),
  webhookId: IdSchema,
  eventId: z.number().int(),
  eventType: EventTypeSchema,
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: TimestampSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export const DeliveryListSchema = z.object({ deliveries: z.array(DeliverySchema) });
export type Delivery = z.infer<typeof DeliverySchema>;

/** One job event, as sent on SSE, WebSocket and webhooks. */
export const JobEventSchema = z.object({
  id: z.number().int(),
  type: EventTypeSchema,
  jobId: z.string(),
  at: TimestampSchema,
  job: JobSchema.nullable(),
});
export type JobEvent = z.infer<typeof JobEventSchema>;

export const HealthSchema = z.object({
  status: z.enum(['ok', 'starting', 'degraded']),
  version: z.string(),
  provider: z.string().nullable(),
  gpuAvailable: z.boolean(),
});
export type Health = z.infer<typeof HealthSchema>;

export const InfoSchema = z.object({
  version: z.string(),
  modelPack: z.object({ name: z.string(), languages: z.array(z.string()) }),
  providers: z.object({
    available: z.array(z.string()),
    inUse: z.string().nullable(),
    /** What the engine was started with (`--provider`): auto, cpu, cuda, dml or coreml. */
    requested: z.string().optional(),
  }),
  supportedExtensions: z.array(z.string()),
  outputs: z.array(OutputFormatSchema),
  limits: z.object({ maxUploadBytes: z.number(), maxFilesPerJob: z.number(), maxPagePixels: z.number() }),
  queue: z.object({ queued: z.number().int(), processing: z.number().int() }),
  /** The engine's data directory (database, token, job files). */
  dataDir: z.string().optional(),
});
export type Info = z.infer<typeof InfoSchema>;

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
});

/** Browser login: the one-time ticket from a login link (`/#login=<ticket>`), traded once for the API token. */
export const SessionRequestSchema = z.object({ ticket: z.string().min(1).max(200) }).strict();
export const SessionSchema = z.object({ token: z.string() });
/** A fresh one-time login link for the GUI in a browser. */
export const LoginLinkSchema = z.object({ url: z.string(), expiresAt: TimestampSchema });
export type LoginLink = z.infer<typeof LoginLinkSchema>;

/** `POST /jobs/{id}/artifacts`: formats to write again, with PDF settings and document metadata for this export. */
export const ExportRequestSchema = z
  .object({
    formats: z.array(OutputFormatSchema).min(1),
    /** Overrides the job's own options for these outputs (and later downloads of them). */
    options: JobOptionsSchema.pick({
      pdfa: true,
      title: true,
      author: true,
      subject: true,
      keywords: true,
      minConfidence: true,
      jpegQuality: true,
      optimize: true,
    }).optional(),
  })
  .strict();
export type ExportRequest = z.infer<typeof ExportRequestSchema>;
