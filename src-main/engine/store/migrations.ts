// Schema history: append only. Index i upgrades user_version i to i + 1.
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    name TEXT,
    external_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('queued','processing','completed','failed','canceled')),
    stage TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    profile TEXT,
    options TEXT NOT NULL,
    source TEXT NOT NULL,
    hot_folder_id TEXT,
    cache_key TEXT,
    pages_done INTEGER NOT NULL DEFAULT 0,
    pages_total INTEGER,
    message TEXT,
    warnings TEXT NOT NULL DEFAULT '[]',
    error_code TEXT,
    error_message TEXT,
    error_details TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    from_cache INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
  );
  CREATE INDEX jobs_queue ON jobs (status, priority DESC, seq);
  CREATE INDEX jobs_updated ON jobs (updated_at);
  CREATE INDEX jobs_external ON jobs (external_id);
  CREATE INDEX jobs_cache ON jobs (cache_key, status);

  CREATE TABLE job_files (
    job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    media_type TEXT,
    page_count INTEGER,
    PRIMARY KEY (job_id, idx)
  );

  CREATE TABLE pages (
    job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    file_idx INTEGER NOT NULL,
    page_no INTEGER NOT NULL,
    result TEXT NOT NULL,
    corrected TEXT,
    ms REAL NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (job_id, file_idx, page_no)
  );

  CREATE TABLE artifacts (
    job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    format TEXT NOT NULL,
    file_name TEXT NOT NULL,
    path TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    pdfa TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (job_id, format)
  );

  CREATE TABLE profiles (
    name TEXT PRIMARY KEY,
    description TEXT NOT NULL,
    options TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );

  CREATE TABLE hot_folders (
    id TEXT PRIMARY KEY,
    config TEXT NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL
  );

  -- One row per file a hot folder took, keyed by what identifies that file version: never taken twice.
  CREATE TABLE hot_folder_files (
    folder_id TEXT NOT NULL REFERENCES hot_folders (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ms INTEGER NOT NULL,
    job_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('processing','done','failed')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (folder_id, name, size, mtime_ms)
  );
  CREATE INDEX hot_folder_files_job ON hot_folder_files (job_id);

  CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    events TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );

  CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL,
    type TEXT NOT NULL,
    data TEXT,
    created_at TEXT NOT NULL
  );

  CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending','delivered','failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    response_status INTEGER,
    last_error TEXT,
    next_attempt_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
  `,
  `
  -- Crash-loop detection: an interruption counts against a job only when it made no progress since it started
  -- working on its pages (a poison input that kills the process), not when the process was stopped for other reasons.
  ALTER TABLE jobs ADD COLUMN pages_at_start INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE jobs ADD COLUMN stalls INTEGER NOT NULL DEFAULT 0;
  `,
  `
  -- Scheduling: a held job waits for an explicit start; not_before delays it. Per-stage milliseconds summed as pages
  -- are stored (reading every page's JSON to sum them would make each job read cost as much as the job's pages).
  ALTER TABLE jobs ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE jobs ADD COLUMN not_before TEXT;
  ALTER TABLE jobs ADD COLUMN stage_ms TEXT NOT NULL DEFAULT '{}';
  CREATE INDEX pages_created ON pages (created_at);
  ALTER TABLE webhooks ADD COLUMN name TEXT;
  -- job.progress (one per page) is delivered only to webhooks that name it; earlier defaults listed every type.
  UPDATE webhooks SET events =
    (SELECT json_group_array(value) FROM json_each(webhooks.events) WHERE value != 'job.progress')
  WHERE EXISTS (SELECT 1 FROM json_each(webhooks.events) WHERE value != 'job.progress');
  `,
  `
  -- When a page was last corrected: outputs written before that are stale and are written again.
  ALTER TABLE pages ADD COLUMN corrected_at TEXT;
  `,
];
