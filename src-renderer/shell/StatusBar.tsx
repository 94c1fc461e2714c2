// Bottom status bar: engine state and provider, model pack, queue length, live connection, version.
import { useMemo } from 'react';
import { useQueueStore } from '../queue/useQueueStore.ts';
import { useSettingsStore } from '../settings/useSettingsStore.ts';

const STREAM_LABEL = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Offline',
} as const;

export function StatusBar(): React.JSX.Element {
  const health = useSettingsStore((s) => s.health);
  const info = useSettingsStore((s) => s.info);
  const offline = useSettingsStore((s) => s.offline);
  const stream = useQueueStore((s) => s.stream);
  const jobs = useQueueStore((s) => s.jobs);
  const { queued, processing } = useMemo(() => {
    let q = 0;
    let p = 0;
    for (const j of Object.values(jobs)) {
      if (j.status === 'queued') q++;
      else if (j.status === 'processing') p++;
    }
    return { queued: q, processing: p };
  }, [jobs]);
  const engine = offline ? 'unreachable' : health?.status === 'ok' ? 'ready' : 'loading models…';
  const engineClass = offline ? 'dot dot-error' : health?.status === 'ok' ? 'dot dot-ok' : 'dot dot-busy';
  return (
    <footer className="status-bar" aria-label="Engine status">
      <span className="status-item" data-testid="engine-state">
        <span className={engineClass} aria-hidden="true" /> Engine {engine}
      </span>
      <span className="status-item" data-testid="engine-provider" title="Execution provider in use">
        Provider <strong>{health?.provider ?? info?.providers.inUse ?? '—'}</strong>
      </span>
      {info && info.modelPack.name !== 'loading' && (
        <span className="status-item">{info.modelPack.name}</span>
      )}
      <span className="status-item" data-testid="queue-length">
        {processing > 0 ? `${processing} running · ` : ''}
        {queued} queued
      </span>
      <span className="status-spacer" />
      <span className="status-item" data-testid="stream-state">
        <span className={stream === 'live' ? 'dot dot-ok' : 'dot dot-busy'} aria-hidden="true" />{' '}
        {STREAM_LABEL[stream]}
      </span>
      {health && <span className="status-item">v{health.version}</span>}
    </footer>
  );
}
