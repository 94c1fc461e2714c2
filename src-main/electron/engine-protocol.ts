// Messages between the Electron main process and the engine in its utility process. Pure types and guards: the
// engine side is also run under plain Node (child_process IPC) by the tests.
import type { QueueCounts } from './tray-label.ts';

export type EngineMessage =
  /** The API listens; the window may open. The token travels over the private channel, never argv or env. */
  | { readonly type: 'ready'; readonly url: string; readonly port: number; readonly token: string }
  | { readonly type: 'queue'; readonly counts: QueueCounts }
  | { readonly type: 'failed'; readonly message: string }
  /** EngineHost.close() returned: the page in progress was finished and the database closed. */
  | { readonly type: 'stopped' };

export type MainMessage = { readonly type: 'stop' };

const num = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

export function isEngineMessage(m: unknown): m is EngineMessage {
  if (typeof m !== 'object' || m === null || !('type' in m)) return false;
  const o = m as Record<string, unknown>;
  switch (o['type']) {
    case 'ready':
      return typeof o['url'] === 'string' && num(o['port']) && typeof o['token'] === 'string';
    case 'queue': {
      const c = o['counts'] as Record<string, unknown> | null | undefined;
      return (
        typeof c === 'object' && c !== null && num(c['queued']) && num(c['processing']) && num(c['failed'])
      );
    }
    case 'failed':
      return typeof o['message'] === 'string';
    case 'stopped':
      return true;
    default:
      return false;
  }
}

export function isMainMessage(m: unknown): m is MainMessage {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'stop';
}

/** Options the main process hands the engine as argv (paths only: nothing secret). */
export interface EngineArgs {
  readonly home: string;
  readonly modelDir: string;
  readonly guiDir: string;
}

export function engineArgv(a: EngineArgs): string[] {
  return ['--home', a.home, '--models', a.modelDir, '--gui', a.guiDir];
}
