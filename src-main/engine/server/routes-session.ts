// Browser login: a public route that trades a one-time ticket for the token, and an authenticated one that mints
// a fresh login link (for `ocrdesk gui` against a running server).
import { LoginLinkSchema, SessionRequestSchema, SessionSchema } from '../../../src-shared/api-schemas.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import type { ApiDeps } from './api-deps.ts';
import type { LoginTickets } from './login-tickets.ts';
import { readJson } from './request-body.ts';
import type { Router } from './router.ts';

/** The GUI reads the ticket from this fragment parameter; fragments never reach a server or a Referer. */
export const LOGIN_FRAGMENT = 'login';

export function loginUrl(origin: string, ticket: string): string {
  return `${origin}/#${LOGIN_FRAGMENT}=${ticket}`;
}

function tickets(deps: ApiDeps): LoginTickets {
  if (!deps.loginTickets) throw new OcrDeskError('NOT_FOUND', 'browser login is not enabled on this server');
  return deps.loginTickets;
}

export function addSessionRoutes(r: Router<ApiDeps>): void {
  r.add({
    method: 'POST',
    path: '/session',
    tag: 'session',
    public: true,
    summary:
      'Trade a one-time login ticket (from the `#login=` link that `ocrdesk serve` or `ocrdesk gui` prints) for the API token. The ticket is burnt; wrong, used or expired tickets get 401, repeated misses 429. No token needed.',
    body: SessionRequestSchema,
    response: SessionSchema,
    handler: async ({ req, deps }) => {
      const t = tickets(deps);
      const { ticket } = await readJson(req, SessionRequestSchema);
      return { json: { token: t.redeem(ticket) } };
    },
  });
  r.add({
    method: 'POST',
    path: '/session/login-link',
    tag: 'session',
    summary: 'A fresh one-time login link for the GUI in a browser (valid a few minutes, single use).',
    response: LoginLinkSchema,
    status: 201,
    handler: ({ url, deps }) => {
      const { ticket, expiresAt } = tickets(deps).mint();
      return { status: 201, json: { url: loginUrl(url.origin, ticket), expiresAt: expiresAt.toISOString() } };
    },
  });
}
