// How the page gets the API's address and token: from Electron's preload (window.ocrdesk) when there is one,
// else from a one-time login link (#login=<ticket>, traded once for the token), else from an earlier login kept
// in localStorage for this origin.
import { ApiClient } from '../../src-shared/api-client.ts';
import { DESKTOP_BRIDGE_GLOBAL, type DesktopBridge } from '../../src-shared/desktop-bridge.ts';
import { isOcrDeskError } from '../../src-shared/errors.ts';

export const TOKEN_KEY = 'ocrdesk.token';

export type Connection =
  | {
      readonly kind: 'ready';
      readonly api: ApiClient;
      /** For the requests the client does not make itself (event stream, uploads with progress). */
      readonly token: string;
      readonly bridge: DesktopBridge | undefined;
    }
  | { readonly kind: 'signed-out'; readonly reason: string };

export function desktopBridge(): DesktopBridge | undefined {
  const b = (window as unknown as Record<string, unknown>)[DESKTOP_BRIDGE_GLOBAL] as
    DesktopBridge | undefined;
  return b?.kind === 'electron' ? b : undefined;
}

/** The ticket in `#login=...`, if any; the fragment is removed at once so it never stays in history. */
function takeTicket(): string | undefined {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const ticket = params.get('login') ?? undefined;
  if (ticket !== undefined) {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return ticket;
}

function ticketProblem(e: unknown): string {
  if (isOcrDeskError(e) && e.code === 'UNAUTHORIZED') return 'This login link is wrong, used or expired.';
  if (isOcrDeskError(e) && e.code === 'RATE_LIMITED')
    return 'Too many wrong login links: wait a minute, then use a fresh one.';
  return `Signing in failed: ${e instanceof Error ? e.message : String(e)}`;
}

export async function connect(): Promise<Connection> {
  const bridge = desktopBridge();
  if (bridge) {
    return { kind: 'ready', api: new ApiClient(bridge.apiUrl, bridge.token), token: bridge.token, bridge };
  }
  const origin = window.location.origin;
  const ticket = takeTicket();
  if (ticket) {
    try {
      const { token } = await ApiClient.login(origin, ticket);
      localStorage.setItem(TOKEN_KEY, token);
    } catch (e) {
      // A used or expired link: an earlier login in this browser may still be good.
      if (!localStorage.getItem(TOKEN_KEY)) {
        return { kind: 'signed-out', reason: ticketProblem(e) };
      }
    }
  }
  const token = localStorage.getItem(TOKEN_KEY);
  if (!token) return { kind: 'signed-out', reason: 'This browser is not signed in to OCR Desk yet.' };
  const api = new ApiClient(origin, token);
  try {
    await api.info();
  } catch (e) {
    if (isOcrDeskError(e) && e.code === 'UNAUTHORIZED') {
      localStorage.removeItem(TOKEN_KEY);
      return { kind: 'signed-out', reason: 'The saved sign-in is no longer valid (the token changed).' };
    }
    throw e;
  }
  return { kind: 'ready', api, token, bridge: undefined };
}

export function signOut(): void {
  localStorage.removeItem(TOKEN_KEY);
}
