// The API's job events, live: `GET /api/v1/events` read with fetch (EventSource cannot send Authorization),
// parsed as SSE, reconnected with backoff and Last-Event-ID so no event is missed across a drop.
import { API_PREFIX, JobEventSchema, type JobEvent } from '../../src-shared/api-schemas.ts';
import { SseParser } from './sse-parser.ts';

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface EventStreamOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly onEvent: (e: JobEvent) => void;
  readonly onState: (s: StreamState) => void;
  /** Called after each (re)connect: events may have been missed before the first one, so reload lists. */
  readonly onConnected?: () => void;
}

const MAX_BACKOFF_MS = 15_000;

export function openEventStream(o: EventStreamOptions): { close(): void } {
  const abort = new AbortController();
  let lastEventId: string | undefined;
  let retryMs = 2000;
  let failures = 0;

  async function once(): Promise<void> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${o.token}`,
      accept: 'text/event-stream',
    };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const res = await fetch(`${o.baseUrl}${API_PREFIX}/events`, {
      headers,
      signal: abort.signal,
      cache: 'no-store',
    });
    if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
    o.onState('live');
    failures = 0;
    o.onConnected?.();
    const parser = new SseParser();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const msg of parser.push(value)) {
        if (msg.id !== undefined) lastEventId = msg.id;
        const parsed = JobEventSchema.safeParse(safeJson(msg.data));
        if (parsed.success) o.onEvent(parsed.data);
      }
      if (parser.retryMs !== undefined) retryMs = parser.retryMs;
    }
  }

  async function loop(): Promise<void> {
    o.onState('connecting');
    while (!abort.signal.aborted) {
      try {
        await once();
      } catch {
        // Network error, server restart or 401: wait and try again; the periodic list refresh covers the gap.
      }
      if (abort.signal.aborted) break;
      failures++;
      o.onState('reconnecting');
      const delay = Math.min(retryMs * 2 ** Math.min(failures - 1, 4), MAX_BACKOFF_MS);
      await new Promise((r) => setTimeout(r, delay));
    }
    o.onState('closed');
  }

  void loop();
  return { close: () => abort.abort() };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
