// Tray icon with the queue's state: tooltip and status line from tray-label.ts, the open-job count beside the
// icon on macOS, and Show / Quit.
import { Menu, nativeImage, Tray } from 'electron';
import { NO_JOBS, type QueueCounts, queueSummary, trayTitle, trayTooltip } from './tray-label.ts';

export interface TrayActions {
  show(): void;
  openFiles(): void;
  quit(): void;
}

export class QueueTray {
  private readonly tray: Tray;
  private last = '';

  constructor(
    iconPath: string,
    private readonly actions: TrayActions,
  ) {
    const icon = nativeImage.createFromPath(iconPath);
    this.tray = new Tray(process.platform === 'darwin' ? icon.resize({ width: 16, height: 16 }) : icon);
    this.tray.on('click', () => actions.show());
    this.update(NO_JOBS);
  }

  update(counts: QueueCounts): void {
    const summary = queueSummary(counts);
    // The menu is rebuilt only when the words change (progress events arrive per page).
    if (summary === this.last) return;
    this.last = summary;
    this.tray.setToolTip(trayTooltip(counts));
    if (process.platform === 'darwin') this.tray.setTitle(trayTitle(counts));
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: summary, enabled: false },
        { type: 'separator' },
        { label: 'Show OCR Desk', click: () => this.actions.show() },
        { label: 'Open Files…', click: () => this.actions.openFiles() },
        { type: 'separator' },
        {
          // Quitting lets the page being recognised finish first; say so when there is one.
          label: counts.processing > 0 ? 'Quit after the current page' : 'Quit',
          click: () => this.actions.quit(),
        },
      ]),
    );
  }

  /** A transient state that is not about the queue (quitting). */
  setStatus(text: string): void {
    this.last = text;
    this.tray.setToolTip(`OCR Desk: ${text}`);
    this.tray.setContextMenu(Menu.buildFromTemplate([{ label: text, enabled: false }]));
  }

  destroy(): void {
    this.tray.destroy();
  }
}
