// Webhook subscriptions and their delivery log (each attempt's outcome, the next retry time).
import type { Delivery, EventType, Webhook } from '../../../src-shared/api-schemas.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { type Db, nowIso } from './database.ts';

export interface WebhookRecord extends Webhook {
  readonly secret: string;
}

export interface DueDelivery {
  readonly id: number;
  readonly webhookId: string;
  readonly eventType: EventType;
  readonly url: string;
  readonly secret: string;
  readonly payload: string;
  readonly attempts: number;
}

export class WebhooksRepo {
  constructor(private readonly db: Db) {}

  list(): WebhookRecord[] {
    const rows = this.db.prepare('SELECT * FROM webhooks ORDER BY created_at').all() as Array<
      Record<string, unknown>
    >;
    return rows.map(toWebhook);
  }

  get(id: string): WebhookRecord {
    const r = this.db.prepare('SELECT * FROM webhooks WHERE id = ?').get(id) as
      Record<string, unknown> | undefined;
    if (!r) throw new OcrDeskError('NOT_FOUND', `no webhook ${id}`, { webhookId: id });
    return toWebhook(r);
  }

  insert(w: WebhookRecord): void {
    this.db
      .prepare(
        'INSERT INTO webhooks (id, name, url, secret, events, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(w.id, w.name, w.url, w.secret, JSON.stringify(w.events), w.enabled ? 1 : 0, w.createdAt);
  }

  update(w: WebhookRecord): void {
    this.db
      .prepare('UPDATE webhooks SET name = ?, url = ?, secret = ?, events = ?, enabled = ? WHERE id = ?')
      .run(w.name, w.url, w.secret, JSON.stringify(w.events), w.enabled ? 1 : 0, w.id);
  }

  delete(id: string): void {
    const r = this.db.prepare('DELETE FROM webhooks WHERE id = ?').run(id);
    if (r.changes === 0) throw new OcrDeskError('NOT_FOUND', `no webhook ${id}`, { webhookId: id });
  }

  enqueue(webhookId: string, eventId: number, type: EventType, payload: string): void {
    const now = nowIso();
    this.db
      .prepare(
        `INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, payload, status, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)`,
      )
      .run(webhookId, eventId, type, payload, now, now, now);
  }

  due(limit = 20): DueDelivery[] {
    return (
      this.db
        .prepare(
          `SELECT d.id, d.webhook_id, d.event_type, w.url, w.secret, d.payload, d.attempts FROM webhook_deliveries d
           JOIN webhooks w ON w.id = d.webhook_id
           WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ?`,
        )
        .all(nowIso(), limit) as Array<{
        id: number;
        webhook_id: string;
        event_type: EventType;
        url: string;
        secret: string;
        payload: string;
        attempts: number;
      }>
    ).map((r) => ({
      id: r.id,
      webhookId: r.webhook_id,
      eventType: r.event_type,
      url: r.url,
      secret: r.secret,
      payload: r.payload,
      attempts: r.attempts,
    }));
  }

  /** Records one attempt; `nextAttemptAt` null means no more tries. */
  recordAttempt(
    id: number,
    outcome: {
      delivered: boolean;
      responseStatus: number | null;
      error: string | null;
      nextAttemptAt: string | null;
    },
  ): void {
    const status = outcome.delivered ? 'delivered' : outcome.nextAttemptAt ? 'pending' : 'failed';
    this.db
      .prepare(
        `UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, response_status = ?, last_error = ?,
           next_attempt_at = ?, updated_at = ? WHERE id = ?`,
      )
      .run(status, outcome.responseStatus, outcome.error, outcome.nextAttemptAt, nowIso(), id);
  }

  deliveries(webhookId: string, limit = 100): Delivery[] {
    return (
      this.db
        .prepare('SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?')
        .all(webhookId, limit) as Array<Record<string, unknown>>
    ).map((r) => ({
      id: r['id'] as number,
      webhookId: r['webhook_id'] as string,
      eventId: r['event_id'] as number,
      eventType: r['event_type'] as EventType,
      status: r['status'] as Delivery['status'],
      attempts: r['attempts'] as number,
      responseStatus: (r['response_status'] as number | null) ?? null,
      lastError: (r['last_error'] as string | null) ?? null,
      nextAttemptAt: (r['next_attempt_at'] as string | null) ?? null,
      createdAt: r['created_at'] as string,
      updatedAt: r['updated_at'] as string,
    }));
  }
}

function toWebhook(r: Record<string, unknown>): WebhookRecord {
  return {
    id: r['id'] as string,
    name: (r['name'] as string | null) ?? null,
    url: r['url'] as string,
    secret: r['secret'] as string,
    events: JSON.parse(r['events'] as string) as EventType[],
    enabled: r['enabled'] === 1,
    createdAt: r['created_at'] as string,
  };
}
