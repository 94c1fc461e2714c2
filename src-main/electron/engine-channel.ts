// The engine's line to whoever started it: Electron's parentPort in a utility process, or Node's IPC channel
// when forked by child_process (how the tests run the very same entry under plain Node).
import type { EngineMessage } from './engine-protocol.ts';

/** The part of Electron's ParentPort used here (typed locally so plain-Node code need not see electron.d.ts). */
interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
}

export interface EngineChannel {
  readonly kind: 'electron' | 'node-ipc';
  post(m: EngineMessage): void;
  onMessage(listener: (m: unknown) => void): void;
  /** Called when the other side goes away without saying stop (main process crashed or was killed). */
  onDisconnect(listener: () => void): void;
}

export function engineChannel(): EngineChannel {
  const port = (process as { parentPort?: ParentPortLike }).parentPort;
  if (port) {
    return {
      kind: 'electron',
      post: (m) => port.postMessage(m),
      onMessage: (l) => void port.on('message', (e) => l(e.data)),
      // Electron ends a utility process when its parent exits; nothing to watch.
      onDisconnect: () => undefined,
    };
  }
  if (process.send) {
    return {
      kind: 'node-ipc',
      post: (m) => void process.send?.(m),
      onMessage: (l) => void process.on('message', l),
      onDisconnect: (l) => void process.on('disconnect', l),
    };
  }
  throw new Error(
    'the engine entry must be started by the Electron shell (utilityProcess) or with an IPC channel',
  );
}
