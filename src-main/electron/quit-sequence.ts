// Quitting while a page is being recognised: hold the quit, ask the engine to stop (it finishes the page in
// progress, so no work is lost), then quit for real; give up waiting after a timeout so a hung engine cannot
// keep the app open forever. Pure, so the sequencing is tested with real timers under plain Node.

export type StopOutcome = 'stopped' | 'timeout' | 'error';

/** Resolves with how `stopping` ended, or 'timeout' after `ms` (the promise is then left to itself). */
export async function stopWithin(stopping: Promise<unknown>, ms: number): Promise<StopOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<StopOutcome>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([
      stopping.then(
        (): StopOutcome => 'stopped',
        (): StopOutcome => 'error',
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export class QuitSequence {
  private state: 'running' | 'stopping' | 'stopped' = 'running';

  constructor(
    private readonly stop: () => Promise<unknown>,
    private readonly timeoutMs: number,
    /** Called once, when the engine has stopped or the wait ran out: quit the app now. */
    private readonly done: (outcome: StopOutcome) => void,
  ) {}

  get stopping(): boolean {
    return this.state === 'stopping';
  }

  /**
   * For Electron's before-quit: true lets this quit go ahead (the engine is already down); false means
   * "prevent it", and `done` will run when the engine is down. Repeated quits while stopping change nothing.
   */
  request(): boolean {
    if (this.state === 'stopped') return true;
    if (this.state === 'running') {
      this.state = 'stopping';
      let stopping: Promise<unknown>;
      try {
        stopping = this.stop();
      } catch (e) {
        stopping = Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
      void stopWithin(stopping, this.timeoutMs).then((outcome) => {
        this.state = 'stopped';
        this.done(outcome);
      });
    }
    return false;
  }

  /** The engine went away by itself (crash, or it was never started): nothing to wait for. */
  markStopped(): void {
    this.state = 'stopped';
  }
}
