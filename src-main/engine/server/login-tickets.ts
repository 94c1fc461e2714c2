// One-time login links for the browser GUI: `serve` prints `/#login=<ticket>`; the page trades the ticket for the
// API token once (POST /api/v1/session). The token itself never appears in a URL, so it never lands in history,
// logs or a Referer header; a leaked link is worthless once used or a few minutes old.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { OcrDeskError } from '../../../src-shared/errors.ts';

export interface LoginTicketOptions {
  /** How long a ticket stays valid (default 5 minutes). */
  readonly ttlMs?: number;
  /** Wrong tickets allowed per window before the route answers 429 (default 10 a minute). */
  readonly maxFailures?: number;
  readonly failureWindowMs?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/** Outstanding tickets are few (one per printed link); the cap keeps a looping script from growing the map. */
const MAX_OPEN_TICKETS = 100;

export class LoginTickets {
  /** sha256(ticket) -> expiry; only hashes are kept, so a heap dump holds no usable ticket. */
  private readonly open = new Map<string, number>();
  private failures: number[] = [];
  private readonly ttlMs: number;
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(
    private readonly token: string,
    options: LoginTicketOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.failureWindowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** A fresh single-use ticket (256 random bits, base64url). */
  mint(): { ticket: string; expiresAt: Date } {
    this.prune();
    if (this.open.size >= MAX_OPEN_TICKETS) {
      // Drop the oldest: a new link matters more than one nobody opened.
      const oldest = [...this.open].sort((a, b) => a[1] - b[1])[0];
      if (oldest) this.open.delete(oldest[0]);
    }
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + this.ttlMs;
    this.open.set(hash(ticket), expiresAt);
    return { ticket, expiresAt: new Date(expiresAt) };
  }

  /** The API token for a valid ticket, which is burnt; UNAUTHORIZED otherwise, RATE_LIMITED after many misses. */
  redeem(ticket: string): string {
    const t = this.now();
    this.failures = this.failures.filter((f) => f > t - this.windowMs);
    if (this.failures.length >= this.maxFailures) {
      throw new OcrDeskError(
        'RATE_LIMITED',
        'too many wrong login tickets; wait a minute and use a fresh link',
        {
          retryAfterSeconds: Math.ceil((this.failures[0]! + this.windowMs - t) / 1000),
        },
      );
    }
    this.prune();
    const given = hash(ticket);
    // Compare against every open ticket in constant time rather than a keyed lookup whose timing depends on the key.
    let match: string | undefined;
    for (const key of this.open.keys()) {
      if (timingSafeEqual(Buffer.from(key, 'hex'), Buffer.from(given, 'hex'))) match = key;
    }
    if (match === undefined) {
      this.failures.push(t);
      throw new OcrDeskError(
        'UNAUTHORIZED',
        'this login link is wrong, used or expired; get a fresh one with `ocrdesk gui`',
      );
    }
    this.open.delete(match);
    return this.token;
  }

  private prune(): void {
    const t = this.now();
    for (const [k, exp] of this.open) if (exp <= t) this.open.delete(k);
  }
}

function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
