// Where an export goes: Electron's native save dialog when the shell provides one, else a browser download.
import type { DesktopBridge } from '../../src-shared/desktop-bridge.ts';

/** The path written (Electron), 'downloaded' (browser), or undefined when the user canceled the dialog. */
export async function saveBytes(
  bridge: DesktopBridge | undefined,
  name: string,
  bytes: Uint8Array,
  mediaType: string,
): Promise<string | undefined> {
  if (bridge) return bridge.saveFile(name, bytes);
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mediaType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL by now; give it a moment before revoking.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return 'downloaded';
}
