// The keys of window.ocrdesk, checked by the compiler against the contract so the tests that assert "exactly these
// keys" cannot drift from src-shared/desktop-bridge.ts.
import type { DesktopBridge } from '../../src-shared/desktop-bridge.ts';

export const BRIDGE_KEYS = [
  'kind',
  'apiUrl',
  'token',
  'pickFiles',
  'saveFile',
  'revealInFolder',
  'pathForFile',
] as const satisfies readonly (keyof DesktopBridge)[];

// Fails to compile when DesktopBridge gains a key that is not listed above.
type Missing = Exclude<keyof DesktopBridge, (typeof BRIDGE_KEYS)[number]>;
const everyKeyListed: [Missing] extends [never] ? true : Missing = true;
void everyKeyListed;
