// Appearance, the engine (provider in use; it is chosen at start), and the connection (URL, data dir, token).
import { useState } from 'react';
import { useSessionStore } from '../session/useSessionStore.ts';
import { IconCopy } from '../shell/Icons.tsx';
import { useNoticeStore } from '../shell/useNoticeStore.ts';
import { type ThemeChoice, useThemeStore } from '../theme/useThemeStore.ts';
import { copyText } from './copy-text.ts';
import { useSettingsStore } from './useSettingsStore.ts';

const THEMES: ReadonlyArray<{ id: ThemeChoice; label: string }> = [
  { id: 'light', label: 'Light' },
  { id: 'dark', label: 'Dark' },
  { id: 'system', label: 'System' },
];
const PROVIDERS = ['auto', 'cpu', 'cuda', 'dml', 'coreml'] as const;

function CopyButton({ text, label }: { text: string; label: string }): React.JSX.Element {
  return (
    <button
      type="button"
      className="button button-small"
      aria-label={label}
      onClick={() =>
        void copyText(text).then((ok) =>
          useNoticeStore
            .getState()
            .push(ok ? { kind: 'info', text: 'Copied.' } : { kind: 'error', text: 'Could not copy.' }),
        )
      }
    >
      <IconCopy size={14} /> Copy
    </button>
  );
}

export function GeneralTab(): React.JSX.Element {
  const theme = useThemeStore();
  const { health, info } = useSettingsStore();
  const { api, token, bridge } = useSessionStore();
  const [showToken, setShowToken] = useState(false);
  const requested = info?.providers.requested ?? 'auto';
  const [provider, setProvider] = useState<string>(requested);
  const apiUrl = api?.baseUrl ?? window.location.origin;
  const port = new URL(apiUrl).port;
  const command = `ocrdesk serve --provider ${provider}${port && port !== '8765' ? ` --port ${port}` : ''}${info?.dataDir ? ` --home ${JSON.stringify(info.dataDir)}` : ''}`;
  return (
    <div className="settings-sections">
      <section className="settings-section" aria-labelledby="s-appearance">
        <h3 id="s-appearance">Appearance</h3>
        <div className="segmented" role="radiogroup" aria-label="Theme">
          {THEMES.map((t) => (
            <button
              key={t.id}
              type="button"
              role="radio"
              aria-checked={theme.choice === t.id}
              className={theme.choice === t.id ? 'segment segment-on' : 'segment'}
              onClick={() => theme.set(t.id)}
              data-testid={`theme-${t.id}`}
            >
              {t.label}
            </button>
          ))}
        </div>
      </section>

      <section className="settings-section" aria-labelledby="s-engine">
        <h3 id="s-engine">Engine</h3>
        <dl className="facts">
          <dt>Status</dt>
          <dd>{health?.status === 'ok' ? 'Ready' : 'Loading models…'}</dd>
          <dt>Provider in use</dt>
          <dd data-testid="provider-in-use">
            <strong>{health?.provider ?? info?.providers.inUse ?? '—'}</strong>
            {health?.gpuAvailable ? ' (GPU)' : ''} · started with <code>--provider {requested}</code>
          </dd>
          <dt>Available here</dt>
          <dd>{info?.providers.available.join(', ') ?? '—'}</dd>
          <dt>Model pack</dt>
          <dd>
            {info?.modelPack.name ?? '—'}
            {info?.modelPack.languages.length ? ` · ${info.modelPack.languages.join(', ')}` : ''}
          </dd>
          <dt>Version</dt>
          <dd>{info?.version ?? health?.version ?? '—'}</dd>
        </dl>
        <div className="field field-inline">
          <label htmlFor="provider-choice">Provider</label>
          <select id="provider-choice" value={provider} onChange={(e) => setProvider(e.currentTarget.value)}>
            {PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <p className="hint">
          The execution provider is chosen when the engine starts and cannot change while it runs. To use{' '}
          <strong>{provider}</strong>, restart the engine with:
        </p>
        <div className="command">
          <code data-testid="provider-command">{command}</code>
          <CopyButton text={command} label="Copy the command" />
        </div>
      </section>

      <section className="settings-section" aria-labelledby="s-connection">
        <h3 id="s-connection">Connection</h3>
        <dl className="facts">
          <dt>API</dt>
          <dd className="mono">{apiUrl}/api/v1</dd>
          <dt>Port</dt>
          <dd className="mono" data-testid="api-port">
            {port || '80'}
          </dd>
          <dt>Data folder</dt>
          <dd className="mono" data-testid="data-dir">
            {info?.dataDir ?? '—'}
          </dd>
          <dt>Token</dt>
          <dd className="token-row">
            <code className="mono token" data-testid="api-token">
              {showToken ? token : '•'.repeat(24)}
            </code>
            <button type="button" className="button button-small" onClick={() => setShowToken(!showToken)}>
              {showToken ? 'Hide' : 'Show'}
            </button>
            <CopyButton text={token} label="Copy the API token" />
          </dd>
        </dl>
        <p className="hint">
          Scripts use the token as <code>Authorization: Bearer …</code>; <code>ocrdesk token</code> prints it
          and <code>ocrdesk gui</code> prints a fresh one-time login link for a browser.
        </p>
        {!bridge && (
          <button type="button" className="button" onClick={() => useSessionStore.getState().signOut()}>
            Sign out of this browser
          </button>
        )}
      </section>
    </div>
  );
}
