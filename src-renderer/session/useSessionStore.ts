// The connection to the engine: who we are talking to and with which token. Every other store reads it here.
import { create } from 'zustand';
import type { ApiClient } from '../../src-shared/api-client.ts';
import type { DesktopBridge } from '../../src-shared/desktop-bridge.ts';
import { connect, signOut } from './connect.ts';

interface SessionState {
  readonly status: 'connecting' | 'ready' | 'signed-out' | 'error';
  readonly api: ApiClient | undefined;
  readonly token: string;
  readonly bridge: DesktopBridge | undefined;
  /** Why we are signed out or could not connect. */
  readonly reason: string;
  readonly start: () => Promise<void>;
  readonly signOut: () => void;
}

export const useSessionStore = create<SessionState>((set) => ({
  status: 'connecting',
  api: undefined,
  token: '',
  bridge: undefined,
  reason: '',
  async start() {
    set({ status: 'connecting' });
    try {
      const c = await connect();
      if (c.kind === 'ready')
        set({ status: 'ready', api: c.api, token: c.token, bridge: c.bridge, reason: '' });
      else set({ status: 'signed-out', reason: c.reason, api: undefined, token: '' });
    } catch (e) {
      set({ status: 'error', reason: e instanceof Error ? e.message : String(e) });
    }
  },
  signOut() {
    signOut();
    set({ status: 'signed-out', api: undefined, token: '', reason: 'Signed out.' });
  },
}));

/** The API client once signed in (components below the signed-in shell only). */
export function useApi(): ApiClient {
  const api = useSessionStore((s) => s.api);
  if (!api) throw new Error('useApi outside a signed-in session');
  return api;
}
