// Typed client of the REST API, for the GUI, the CLI and the e2e tests. Uses only fetch (browser and Node).
import {
  API_PREFIX,
  ArtifactListSchema,
  BatchResultSchema,
  CachePurgedSchema,
  DeliveryListSchema,
  HealthSchema,
  HotFolderListSchema,
  HotFolderPostedSchema,
  HotFolderSchema,
  InfoSchema,
  JobListSchema,
  JobResultsSchema,
  JobSchema,
  LoginLinkSchema,
  PageListSchema,
  ProfileListSchema,
  ProfileSchema,
  SessionSchema,
  StatsSchema,
  StoredPageSchema,
  WebhookCreatedSchema,
  WebhookListSchema,
  WebhookSchema,
  type Corrections,
  type ExportRequest,
  type HotFolderInput,
  type Job,
  type JobCreate,
  type JobListQuery,
  type JobPatch,
  type JobResults,
  type OutputFormat,
  type Profile,
  type WebhookInput,
} from './api-schemas.ts';
import { type ErrorCode, OcrDeskError } from './errors.ts';

interface Parser<T> {
  parse(v: unknown): T;
}

export interface UploadFile {
  readonly name: string;
  readonly data: Blob;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly fetchImpl: typeof fetch = (...a) => fetch(...a),
  ) {}

  private async request(
    method: string,
    path: string,
    init: { json?: unknown; body?: string | FormData; root?: boolean } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    let body: string | FormData | undefined = init.body;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.baseUrl}${init.root ? '' : API_PREFIX}${path}`, {
        method,
        headers,
        ...(body !== undefined && { body }),
      });
    } catch (e) {
      throw new OcrDeskError(
        'SERVER_UNREACHABLE',
        `cannot reach OCR Desk at ${this.baseUrl}: ${(e as Error).message}`,
      );
    }
    if (!res.ok) {
      const err = (await res.json().catch(() => undefined)) as
        { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined;
      throw new OcrDeskError(
        (err?.error?.code ?? 'INTERNAL') as ErrorCode,
        err?.error?.message ?? `HTTP ${res.status}`,
        { ...err?.error?.details, status: res.status },
      );
    }
    return res;
  }

  private async json<T>(
    schema: Parser<T>,
    method: string,
    path: string,
    init?: { json?: unknown; body?: string | FormData; root?: boolean },
  ): Promise<T> {
    const res = await this.request(method, path, init);
    return schema.parse(await res.json());
  }

  health() {
    return this.json(HealthSchema, 'GET', '/health', { root: true });
  }
  info() {
    return this.json(InfoSchema, 'GET', '/info');
  }

  /** Uploads files (multipart) with the job's fields; `wait` answers when the job has ended. */
  createJob(files: readonly UploadFile[], meta: JobCreate = {}, wait = false): Promise<Job> {
    const form = new FormData();
    form.append('meta', JSON.stringify(meta));
    for (const f of files) form.append('file', f.data, f.name);
    return this.json(JobSchema, 'POST', `/jobs${wait ? '?wait=true' : ''}`, { body: form });
  }
  /** One job per file (a file that cannot be taken is reported, the others go on); `wait` answers when all ended. */
  createJobs(files: readonly UploadFile[], meta: JobCreate = {}, wait = false) {
    const form = new FormData();
    form.append('meta', JSON.stringify(meta));
    for (const f of files) form.append('file', f.data, f.name);
    return this.json(BatchResultSchema, 'POST', `/jobs/batch${wait ? '?wait=true' : ''}`, { body: form });
  }
  /** Name, external id, priority, hold, schedule; options before the job starts. */
  patchJob(id: string, patch: JobPatch) {
    return this.json(JobSchema, 'PATCH', `/jobs/${encodeURIComponent(id)}`, { json: patch });
  }
  /** Adds files to a job that has not started (create it with `start: false`, add, then `startJob`). */
  addFiles(id: string, files: readonly UploadFile[]) {
    const form = new FormData();
    for (const f of files) form.append('file', f.data, f.name);
    return this.json(JobSchema, 'POST', `/jobs/${encodeURIComponent(id)}/files`, { body: form });
  }
  /** Starts a held or scheduled job now. */
  startJob(id: string) {
    return this.json(JobSchema, 'POST', `/jobs/${encodeURIComponent(id)}/start`);
  }
  /** Every page's labelled blocks, text and Markdown (what `layout` shows follows the job's option). */
  results(id: string, layout?: JobResults['layout']) {
    const q = layout ? `?layout=${encodeURIComponent(layout)}` : '';
    return this.json(JobResultsSchema, 'GET', `/jobs/${encodeURIComponent(id)}/results${q}`);
  }
  /** The original bytes of one input file. */
  async inputFile(id: string, file: number): Promise<Uint8Array> {
    const res = await this.request('GET', `/jobs/${encodeURIComponent(id)}/files/${file}`);
    return new Uint8Array(await res.arrayBuffer());
  }
  stats() {
    return this.json(StatsSchema, 'GET', '/stats');
  }
  purgeCache() {
    return this.json(CachePurgedSchema, 'DELETE', '/cache');
  }
  /** A job from files on the server's machine. */
  createJobFromPaths(meta: JobCreate & { paths: string[] }, wait = false): Promise<Job> {
    return this.json(JobSchema, 'POST', `/jobs${wait ? '?wait=true' : ''}`, { json: meta });
  }
  listJobs(query: JobListQuery = {}) {
    const q = new URLSearchParams(
      Object.entries(query)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]): [string, string] => [k, Array.isArray(v) ? v.join(',') : String(v)]),
    );
    return this.json(JobListSchema, 'GET', `/jobs${q.size ? `?${q}` : ''}`);
  }
  job(id: string) {
    return this.json(JobSchema, 'GET', `/jobs/${encodeURIComponent(id)}`);
  }
  cancelJob(id: string) {
    return this.json(JobSchema, 'POST', `/jobs/${encodeURIComponent(id)}/cancel`);
  }
  retryJob(id: string) {
    return this.json(JobSchema, 'POST', `/jobs/${encodeURIComponent(id)}/retry`);
  }
  async deleteJob(id: string): Promise<void> {
    await this.request('DELETE', `/jobs/${encodeURIComponent(id)}`);
  }
  deleteJobFile(id: string, file: number) {
    return this.json(JobSchema, 'DELETE', `/jobs/${encodeURIComponent(id)}/files/${file}`);
  }
  pages(id: string) {
    return this.json(PageListSchema, 'GET', `/jobs/${encodeURIComponent(id)}/pages`);
  }
  page(id: string, file: number, page: number) {
    return this.json(StoredPageSchema, 'GET', `/jobs/${encodeURIComponent(id)}/files/${file}/pages/${page}`);
  }
  pageImageUrl(id: string, file: number, page: number): string {
    return `${this.baseUrl}${API_PREFIX}/jobs/${encodeURIComponent(id)}/files/${file}/pages/${page}/image`;
  }
  async pageImage(id: string, file: number, page: number, maxWidth?: number): Promise<Blob> {
    const q = maxWidth ? `?maxWidth=${maxWidth}` : '';
    return (
      await this.request('GET', `/jobs/${encodeURIComponent(id)}/files/${file}/pages/${page}/image${q}`)
    ).blob();
  }
  correct(id: string, file: number, page: number, corrections: Corrections) {
    return this.json(
      StoredPageSchema,
      'PUT',
      `/jobs/${encodeURIComponent(id)}/files/${file}/pages/${page}/corrections`,
      {
        json: corrections,
      },
    );
  }
  async text(id: string): Promise<string> {
    return (await this.request('GET', `/jobs/${encodeURIComponent(id)}/text`)).text();
  }
  artifacts(id: string) {
    return this.json(ArtifactListSchema, 'GET', `/jobs/${encodeURIComponent(id)}/artifacts`);
  }
  /** Writes outputs again (after corrections, or with other PDF/A level and metadata in `options`). */
  exportArtifacts(id: string, formats: OutputFormat[], options?: ExportRequest['options']) {
    return this.json(ArtifactListSchema, 'POST', `/jobs/${encodeURIComponent(id)}/artifacts`, {
      json: { formats, ...(options && { options }) },
    });
  }
  /** One output's bytes; `zip` for all outputs in one archive. */
  async download(id: string, format: OutputFormat | 'zip'): Promise<Uint8Array> {
    const res = await this.request('GET', `/jobs/${encodeURIComponent(id)}/artifacts/${format}`);
    return new Uint8Array(await res.arrayBuffer());
  }

  profiles() {
    return this.json(ProfileListSchema, 'GET', '/profiles');
  }
  putProfile(p: Profile) {
    return this.json(ProfileSchema, 'PUT', `/profiles/${encodeURIComponent(p.name)}`, {
      json: { description: p.description, options: p.options },
    });
  }
  async deleteProfile(name: string): Promise<void> {
    await this.request('DELETE', `/profiles/${encodeURIComponent(name)}`);
  }

  hotFolders() {
    return this.json(HotFolderListSchema, 'GET', '/hot-folders');
  }
  createHotFolder(input: HotFolderInput) {
    return this.json(HotFolderSchema, 'POST', '/hot-folders', { json: input });
  }
  updateHotFolder(id: string, input: HotFolderInput) {
    return this.json(HotFolderSchema, 'PUT', `/hot-folders/${encodeURIComponent(id)}`, { json: input });
  }
  /** Puts a file into the folder's input (a unique name unless `overwrite`). */
  postToHotFolder(id: string, file: UploadFile, overwrite = false) {
    const form = new FormData();
    form.append('file', file.data, file.name);
    return this.json(
      HotFolderPostedSchema,
      'POST',
      `/hot-folders/${encodeURIComponent(id)}/files${overwrite ? '?overwrite=true' : ''}`,
      { body: form },
    );
  }
  async deleteHotFolder(id: string): Promise<void> {
    await this.request('DELETE', `/hot-folders/${encodeURIComponent(id)}`);
  }

  webhooks() {
    return this.json(WebhookListSchema, 'GET', '/webhooks');
  }
  createWebhook(input: WebhookInput) {
    return this.json(WebhookCreatedSchema, 'POST', '/webhooks', { json: input });
  }
  updateWebhook(id: string, input: WebhookInput) {
    return this.json(WebhookSchema, 'PUT', `/webhooks/${encodeURIComponent(id)}`, { json: input });
  }
  async deleteWebhook(id: string): Promise<void> {
    await this.request('DELETE', `/webhooks/${encodeURIComponent(id)}`);
  }
  deliveries(id: string) {
    return this.json(DeliveryListSchema, 'GET', `/webhooks/${encodeURIComponent(id)}/deliveries`);
  }

  /** A fresh one-time login link for the GUI in a browser (`ocrdesk gui`). */
  createLoginLink() {
    return this.json(LoginLinkSchema, 'POST', '/session/login-link');
  }

  /** Trades a one-time login ticket for the API token (no token needed; the ticket is burnt). */
  static async login(baseUrl: string, ticket: string, fetchImpl: typeof fetch = (...a) => fetch(...a)) {
    return new ApiClient(baseUrl, '', fetchImpl).json(SessionSchema, 'POST', '/session', {
      json: { ticket },
    });
  }

  /** Polls until the job ends (the event stream is the push alternative). */
  async waitForJob(id: string, onUpdate?: (job: Job) => void, intervalMs = 500): Promise<Job> {
    for (;;) {
      const job = await this.job(id);
      onUpdate?.(job);
      if (job.status === 'completed' || job.status === 'failed' || job.status === 'canceled') return job;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
