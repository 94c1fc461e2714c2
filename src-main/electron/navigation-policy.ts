// What the window may load: the engine's own origin only. Pure (no Electron), so it is tested under plain Node;
// security.ts applies it to navigations, new windows and every request the page makes.

/** `http://127.0.0.1:8765` for any URL on that origin; undefined for URLs without one (about:, data:, junk). */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.origin === 'null' ? undefined : u.origin;
  } catch {
    return undefined;
  }
}

export type NavigationVerdict =
  /** Same origin as the engine: the GUI moving between its own routes. */
  | 'allow'
  /** An http(s) link elsewhere: open it in the system browser, never in the app. */
  | 'external'
  /** A file dropped on the window where the page did not take the drop: becomes a job, the page stays. */
  | 'file'
  | 'deny';

export function navigationVerdict(url: string, appOrigin: string): NavigationVerdict {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'deny';
  }
  if (u.origin === appOrigin && (u.protocol === 'http:' || u.protocol === 'https:')) return 'allow';
  if (u.protocol === 'http:' || u.protocol === 'https:') return 'external';
  if (u.protocol === 'file:') return 'file';
  return 'deny';
}

/**
 * Whether the page may request `url` at all (Electron's webRequest filter): the engine's origin over HTTP or
 * WebSocket, and in-page data (blob:, data:) and DevTools. Defence in depth under the GUI's CSP: a bug or an
 * injected tag still cannot reach the network or the disk.
 */
export function isAllowedRequest(url: string, appOrigin: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'blob:' || u.protocol === 'data:' || u.protocol === 'devtools:') return true;
  if (u.protocol === 'ws:' || u.protocol === 'wss:') {
    const asHttp = new URL(url);
    asHttp.protocol = u.protocol === 'ws:' ? 'http:' : 'https:';
    return asHttp.origin === appOrigin;
  }
  return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === appOrigin;
}

/** Whether an IPC sender (its frame URL) is the GUI served by our engine. */
export function isTrustedSender(frameUrl: string | undefined, appOrigin: string): boolean {
  return frameUrl !== undefined && navigationVerdict(frameUrl, appOrigin) === 'allow';
}
