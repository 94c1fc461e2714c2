// Job events: logged in SQLite (so SSE clients and webhooks can catch up), then fanned out in process.
import { EventEmitter } from 'node:events';
import type { EventType, JobEvent } from '../../../src-shared/api-schemas.ts';
import type { Store } from '../store/store.ts';

export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor(private readonly store: Store) {
    // SSE clients, WebSockets and the webhook dispatcher each hold a listener.
    this.emitter.setMaxListeners(0);
  }

  publish(type: EventType, jobId: string): JobEvent {
    const job = type === 'job.deleted' || !this.store.jobs.exists(jobId) ? null : this.store.jobs.get(jobId);
    const stored = this.store.events.append(type, jobId, job);
    const event: JobEvent = { id: stored.id, type, jobId, at: stored.at, job };
    this.emitter.emit('event', event);
    return event;
  }

  subscribe(listener: (e: JobEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** Logged events after `id`, for a client that reconnects with Last-Event-ID. */
  since(id: number): JobEvent[] {
    return this.store.events.since(id).map((e) => ({
      id: e.id,
      type: e.type,
      jobId: e.jobId,
      at: e.at,
      job: e.data as JobEvent['job'],
    }));
  }
}
