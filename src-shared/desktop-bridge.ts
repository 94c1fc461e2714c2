// What the Electron preload hands the page as `window.ocrdesk`, and nothing more. In a plain browser the object is
// absent and the GUI logs in with the one-time link that `ocrdesk serve` prints instead.
export interface DesktopBridge {
  readonly kind: 'electron';
  /** Base URL of the engine's REST API, e.g. http://127.0.0.1:8765 (the page itself is served from there). */
  readonly apiUrl: string;
  /** The API's bearer token. */
  readonly token: string;
  /** Native open dialog; absolute paths, empty when canceled. */
  pickFiles(options: { readonly directories: boolean }): Promise<string[]>;
  /** Native save dialog, then writes the bytes there; the path written, or undefined when canceled. */
  saveFile(suggestedName: string, data: Uint8Array): Promise<string | undefined>;
  /** Shows a file in the system's file manager. */
  revealInFolder(path: string): Promise<void>;
  /** Absolute path of a file dropped from the OS (Electron's webUtils.getPathForFile); '' where unknown. */
  pathForFile(file: File): string;
}

/** Name of the global the preload exposes with contextBridge.exposeInMainWorld. */
export const DESKTOP_BRIDGE_GLOBAL = 'ocrdesk';
