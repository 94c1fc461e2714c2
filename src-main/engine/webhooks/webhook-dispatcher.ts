// Webhook delivery: each event for each subscribed webhook becomes a logged delivery, POSTed with an HMAC-SHA256
// signature and retried with exponential backoff until it succeeds or runs out of attempts.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { JobEvent, Webhook, WebhookInput } from '../../../src-shared/api-schemas.ts';
import { EVENT_TYPES } from '../../../src-shared/api-schemas.ts';
import type { EventBus } from '../queue/event-bus.ts';
import type { Store } from '../store/store.ts';

export const SIGNATURE_HEADER = 'x-ocrdesk-signature';

/** Subscribed when a webhook names no events: every state change; job.progress (one per page) only by name. */
export const DEFAULT_WEBHOOK_EVENTS = EVENT_TYPES.filter((t) => t !== 'job.progress');

export interface WebhookDispatcherOptions {
  readonly maxAttempts?: number;
  /** First retry delay; doubles per attempt. */
  readonly baseDelayMs?: number;
  readonly timeoutMs?: number;
}

export function signPayload(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private busy = false;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    options: WebhookDispatcherOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 6;
    this.baseDelayMs = options.baseDelayMs ?? 2000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  start(): void {
    this.unsubscribe = this.bus.subscribe((e) => this.enqueue(e));
    // Deliveries left pending by a previous run are picked up by the same loop.
    this.timer = setInterval(() => void this.deliverDue(), 500);
    this.timer.unref();
  }

  stop(): void {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
  }

  create(input: WebhookInput): Webhook & { secret: string } {
    const hook = {
      id: randomUUID(),
      name: input.name ?? null,
      url: input.url,
      secret: input.secret ?? randomBytes(24).toString('base64url'),
      events: input.events ?? [...DEFAULT_WEBHOOK_EVENTS],
      enabled: input.enabled ?? true,
      createdAt: new Date().toISOString(),
    };
    this.store.webhooks.insert(hook);
    return hook;
  }

  update(id: string, input: WebhookInput): Webhook {
    const old = this.store.webhooks.get(id);
    const hook = {
      ...old,
      name: input.name ?? old.name,
      url: input.url,
      secret: input.secret ?? old.secret,
      events: input.events ?? old.events,
      enabled: input.enabled ?? old.enabled,
    };
    this.store.webhooks.update(hook);
    const { secret: _s, ...shown } = hook;
    return shown;
  }

  private enqueue(e: JobEvent): void {
    // job.progress goes only to webhooks that named it (the default list leaves it out: one per page).
    for (const hook of this.store.webhooks.list()) {
      if (!hook.enabled || !hook.events.includes(e.type)) continue;
      this.store.webhooks.enqueue(hook.id, e.id, e.type, JSON.stringify(e));
    }
    void this.deliverDue();
  }

  private async deliverDue(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (const d of this.store.webhooks.due()) {
        let status: number | null = null;
        let error: string | null = null;
        try {
          const res = await fetch(d.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'user-agent': 'ocrdesk-webhook',
              [SIGNATURE_HEADER]: signPayload(d.secret, d.payload),
              'x-ocrdesk-delivery': String(d.id),
              'x-ocrdesk-event': d.eventType,
            },
            body: d.payload,
            signal: AbortSignal.timeout(this.timeoutMs),
            redirect: 'manual',
          });
          status = res.status;
          await res.body?.cancel();
          if (status < 200 || status >= 300) error = `HTTP ${status}`;
        } catch (e) {
          error = (e as Error).message;
        }
        const attempts = d.attempts + 1;
        const retry = error !== null && attempts < this.maxAttempts;
        this.store.webhooks.recordAttempt(d.id, {
          delivered: error === null,
          responseStatus: status,
          error,
          nextAttemptAt: retry
            ? new Date(Date.now() + this.baseDelayMs * 2 ** (attempts - 1)).toISOString()
            : null,
        });
      }
    } finally {
      this.busy = false;
    }
  }
}
