// IPC channel names shared by the preload and the main process. One place, so a typo cannot split them.
export const IPC = {
  /** Synchronous: the preload needs apiUrl and token before the page's scripts run. */
  config: 'ocrdesk:config',
  pickFiles: 'ocrdesk:pick-files',
  saveFile: 'ocrdesk:save-file',
  revealInFolder: 'ocrdesk:reveal-in-folder',
} as const;

export interface BridgeConfig {
  readonly apiUrl: string;
  readonly token: string;
}
