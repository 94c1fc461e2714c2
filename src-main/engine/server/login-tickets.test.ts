// One-time login tickets: single use, expiry, wrong tickets, the rate limit and the cap on open tickets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOcrDeskError } from '../../../src-shared/errors.ts';
import { LoginTickets } from './login-tickets.ts';

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isOcrDeskError(e)) return e.code;
    throw e;
  }
  return 'ok';
}

void test('a ticket gives the token once, then never again', () => {
  const t = new LoginTickets('the-token');
  const { ticket, expiresAt } = t.mint();
  assert.match(ticket, /^[\w-]{43}$/, '256 bits, base64url');
  assert.ok(expiresAt.getTime() > Date.now());
  assert.equal(t.redeem(ticket), 'the-token');
  assert.equal(
    code(() => t.redeem(ticket)),
    'UNAUTHORIZED',
  );
});

void test('tickets expire; each ticket is independent of the others', () => {
  let now = 1_000_000;
  const t = new LoginTickets('tok', { ttlMs: 60_000, now: () => now });
  const a = t.mint().ticket;
  const b = t.mint().ticket;
  assert.notEqual(a, b);
  now += 59_999;
  assert.equal(t.redeem(a), 'tok');
  now += 2;
  assert.equal(
    code(() => t.redeem(b)),
    'UNAUTHORIZED',
    'expired at 60 s',
  );
});

void test('wrong tickets are refused, and after too many in a window even right ones wait', () => {
  let now = 0;
  const t = new LoginTickets('tok', { maxFailures: 3, failureWindowMs: 10_000, now: () => now });
  const good = t.mint().ticket;
  for (const wrong of ['x', good.slice(0, -1), `${good}x`])
    assert.equal(
      code(() => t.redeem(wrong)),
      'UNAUTHORIZED',
    );
  assert.equal(
    code(() => t.redeem(good)),
    'RATE_LIMITED',
  );
  now += 10_001;
  assert.equal(t.redeem(good), 'tok', 'the window passed; the ticket was not burnt by the refusal');
});

void test('open tickets are capped: the oldest unused one goes first', () => {
  let now = 0;
  const t = new LoginTickets('tok', { now: () => now });
  const first = t.mint().ticket;
  now++;
  const rest = Array.from({ length: 100 }, () => {
    now++;
    return t.mint().ticket;
  });
  assert.equal(
    code(() => t.redeem(first)),
    'UNAUTHORIZED',
  );
  assert.equal(t.redeem(rest[0]!), 'tok');
  assert.equal(t.redeem(rest[99]!), 'tok');
});
