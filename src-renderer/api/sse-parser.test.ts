// The SSE framing the queue's live updates depend on: split chunks, CRLF, comments, ids that persist, retry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SseParser } from './sse-parser.ts';

void test('messages split across chunks, with comments, multi-line data and CRLF', () => {
  const p = new SseParser();
  const text =
    ': connected\r\nretry: 2000\r\n\r\nid: 7\r\nevent: job.progress\r\ndata: {"a":\r\ndata: 1}\r\n\r\n';
  const msgs = [];
  // Feed one character at a time: the worst split a network can produce.
  for (const ch of text) msgs.push(...p.push(ch));
  assert.equal(msgs.length, 1);
  assert.deepEqual(msgs[0], { id: '7', event: 'job.progress', data: '{"a":\n1}' });
  assert.equal(p.retryMs, 2000);
  assert.equal(p.lastEventId, '7');
});

void test('the last id persists over messages without one; events default to "message"', () => {
  const p = new SseParser();
  const msgs = p.push('id: 3\ndata: x\n\ndata: y\n\n: keep-alive\n\n');
  assert.deepEqual(
    msgs.map((m) => [m.id, m.event, m.data]),
    [
      ['3', 'message', 'x'],
      ['3', 'message', 'y'],
    ],
  );
});

void test('a lone CR ends a line but a trailing CR waits for its LF', () => {
  const p = new SseParser();
  assert.deepEqual(p.push('data: a\r'), []);
  const msgs = p.push('\n\r');
  // "\r\n" ended the data line; the next "\r" is held until we know it is not half of a CRLF.
  assert.equal(msgs.length, 0);
  const more = p.push('data: b\n\n');
  // The held CR was a line of its own (an empty line): it dispatched "a" before "b" arrived.
  assert.deepEqual(
    more.map((m) => m.data),
    ['a', 'b'],
  );
});
