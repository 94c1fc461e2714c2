// The event log: SSE clients resume from Last-Event-ID, webhooks deliver from it.
import type { EventType } from '../../../src-shared/api-schemas.ts';
import { type Db, nowIso } from './database.ts';

export interface StoredEvent {
  readonly id: number;
  readonly type: EventType;
  readonly jobId: string;
  readonly at: string;
  readonly data: unknown;
}

/** Events older than this many rows are pruned; the log is for catching up, not an archive. */
const KEEP_EVENTS = 10_000;

export class EventsRepo {
  private inserted = 0;

  constructor(private readonly db: Db) {}

  append(type: EventType, jobId: string, data: unknown): StoredEvent {
    const at = nowIso();
    const r = this.db
      .prepare('INSERT INTO events (job_id, type, data, created_at) VALUES (?, ?, ?, ?)')
      .run(jobId, type, JSON.stringify(data), at);
    if (++this.inserted % 500 === 0) {
      this.db.prepare('DELETE FROM events WHERE id <= (SELECT MAX(id) FROM events) - ?').run(KEEP_EVENTS);
    }
    return { id: Number(r.lastInsertRowid), type, jobId, at, data };
  }

  since(id: number, limit = 1000): StoredEvent[] {
    const rows = this.db
      .prepare('SELECT id, job_id, type, data, created_at FROM events WHERE id > ? ORDER BY id LIMIT ?')
      .all(id, limit) as Array<{
      id: number;
      job_id: string;
      type: EventType;
      data: string;
      created_at: string;
    }>;
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      jobId: r.job_id,
      at: r.created_at,
      data: JSON.parse(r.data) as unknown,
    }));
  }
}
