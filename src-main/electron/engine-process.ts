// The main process's handle on the engine: a utility process (Chromium's service model: its own process, so
// SQLite and OCR never block the UI), started with paths only; the token comes back over the message port.
import { utilityProcess, type UtilityProcess } from 'electron';
import { type EngineArgs, engineArgv, type EngineMessage, isEngineMessage } from './engine-protocol.ts';
import type { QueueCounts } from './tray-label.ts';

/** The API answers within a second; model loading happens after `ready`, in the OCR process. */
const READY_TIMEOUT_MS = 60_000;

export interface RunningEngine {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Asks the engine to finish the page in progress and close; resolves when it says so or exits. */
  stop(): Promise<void>;
  onQueue(listener: (c: QueueCounts) => void): void;
  /** The engine ended without being asked to (crash). */
  onUnexpectedExit(listener: (code: number) => void): void;
}

export function startEngine(entry: string, args: EngineArgs): Promise<RunningEngine> {
  const child: UtilityProcess = utilityProcess.fork(entry, engineArgv(args), {
    serviceName: 'OCR Desk engine',
    stdio: 'inherit',
  });
  let stopRequested = false;
  let exited = false;
  const queueListeners: ((c: QueueCounts) => void)[] = [];
  const exitListeners: ((code: number) => void)[] = [];
  const stoppedWaiters: (() => void)[] = [];

  child.on('exit', (code) => {
    exited = true;
    for (const w of stoppedWaiters.splice(0)) w();
    if (!stopRequested) for (const l of exitListeners) l(code);
  });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the engine did not start within ${READY_TIMEOUT_MS / 1000} s`));
    }, READY_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the engine exited while starting (code ${code})`));
    });
    child.on('message', (raw: unknown) => {
      if (!isEngineMessage(raw)) return;
      const m: EngineMessage = raw;
      if (m.type === 'queue') for (const l of queueListeners) l(m.counts);
      else if (m.type === 'stopped') for (const w of stoppedWaiters.splice(0)) w();
      else if (m.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(m.message));
      } else if (m.type === 'ready') {
        clearTimeout(timer);
        resolve({
          url: m.url,
          port: m.port,
          token: m.token,
          stop: () => {
            if (exited) return Promise.resolve();
            stopRequested = true;
            const done = new Promise<void>((r) => stoppedWaiters.push(r));
            child.postMessage({ type: 'stop' });
            return done;
          },
          onQueue: (l) => void queueListeners.push(l),
          onUnexpectedExit: (l) => void exitListeners.push(l),
        });
      }
    });
  });
}
