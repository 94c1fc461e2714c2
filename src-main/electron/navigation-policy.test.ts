import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAllowedRequest, isTrustedSender, navigationVerdict, originOf } from './navigation-policy.ts';

const APP = 'http://127.0.0.1:43123';

void test('only the engine origin is navigable; http(s) elsewhere goes to the browser', () => {
  assert.equal(navigationVerdict(`${APP}/`, APP), 'allow');
  assert.equal(navigationVerdict(`${APP}/jobs/abc?x=1#p2`, APP), 'allow');
  // Same host, other port or scheme: another origin, maybe another local service.
  assert.equal(navigationVerdict('http://127.0.0.1:43124/', APP), 'external');
  assert.equal(navigationVerdict('http://localhost:43123/', APP), 'external');
  assert.equal(navigationVerdict('https://example.com/', APP), 'external');
  // Userinfo tricks do not change the origin.
  assert.equal(navigationVerdict(`http://127.0.0.1:43123@evil.example/`, APP), 'external');
  assert.equal(navigationVerdict('file:///tmp/scan.png', APP), 'file');
  for (const url of [
    'javascript:alert(1)',
    'data:text/html,hi',
    'about:blank',
    'chrome://gpu',
    'not a url',
    '',
  ])
    assert.equal(navigationVerdict(url, APP), 'deny', url);
});

void test('requests: the engine over http and ws, in-page data; nothing else', () => {
  assert.ok(isAllowedRequest(`${APP}/api/v1/jobs`, APP));
  assert.ok(isAllowedRequest('ws://127.0.0.1:43123/api/v1/jobs/x/ws', APP));
  assert.ok(isAllowedRequest('blob:http://127.0.0.1:43123/0d1c', APP));
  assert.ok(isAllowedRequest('data:image/png;base64,AAAA', APP));
  assert.ok(!isAllowedRequest('ws://127.0.0.1:9999/', APP));
  assert.ok(!isAllowedRequest('wss://127.0.0.1:43123/', APP));
  assert.ok(!isAllowedRequest('https://fonts.example.com/a.woff2', APP));
  assert.ok(!isAllowedRequest('file:///etc/passwd', APP));
  assert.ok(!isAllowedRequest('ftp://127.0.0.1:43123/', APP));
});

void test('IPC senders must be the GUI on the engine origin', () => {
  assert.ok(isTrustedSender(`${APP}/`, APP));
  assert.ok(!isTrustedSender(undefined, APP));
  assert.ok(!isTrustedSender('https://example.com/', APP));
  assert.ok(!isTrustedSender('file:///x.html', APP));
  assert.equal(originOf(`${APP}/a/b`), APP);
  assert.equal(originOf('about:blank'), undefined);
  assert.equal(originOf('::'), undefined);
});
