// The application menu: standard roles (so copy/paste, zoom and window shortcuts behave as on each platform),
// plus Open Files… which submits a job like a drop does.
import { app, Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openFiles(): void;
  showWindow(): void;
}

export function buildMenu(actions: MenuActions): Menu {
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Files…', accelerator: 'CmdOrCtrl+O', click: () => actions.openFiles() },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        // DevTools only while developing: a packaged app's users have no use for them.
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Show OCR Desk', click: () => actions.showWindow() }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
