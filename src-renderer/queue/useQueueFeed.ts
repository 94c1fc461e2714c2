// Keeps the queue store live while signed in: the event stream, plus a list refresh every few seconds while jobs
// are active (stage changes between pages do not all send events) and every 30 s otherwise.
import { useEffect } from 'react';
import type { ApiClient } from '../../src-shared/api-client.ts';
import { openEventStream } from '../api/event-stream.ts';
import { isActive } from './job-filter.ts';
import { useQueueStore } from './useQueueStore.ts';

export function useQueueFeed(api: ApiClient, token: string): void {
  useEffect(() => {
    const q = useQueueStore.getState();
    const refresh = (): void => {
      q.refresh(api).catch(() => undefined);
    };
    refresh();
    const stream = openEventStream({
      baseUrl: api.baseUrl,
      token,
      onEvent: (e) => useQueueStore.getState().applyEvent(e),
      onState: (s) => useQueueStore.getState().setStream(s),
      onConnected: refresh,
    });
    let ticks = 0;
    const timer = setInterval(() => {
      ticks++;
      const s = useQueueStore.getState();
      const active = Object.values(s.jobs).some(isActive);
      if (active || s.stream !== 'live' || ticks % 10 === 0) refresh();
    }, 3000);
    return () => {
      clearInterval(timer);
      stream.close();
    };
  }, [api, token]);
}
