// Hardening applied to every web contents and the default session: the window shows the engine's GUI and
// nothing else. Navigation elsewhere is refused (http(s) links open in the system browser), new windows and
// <webview> are refused, every permission is refused, and requests may only reach the engine's origin
// (downloads from it keep Electron's default: a save dialog).
// (There is no remote module to disable: Electron removed it in v14.)
import { app, session, shell, type WebContents } from 'electron';
import { isAllowedRequest, navigationVerdict } from './navigation-policy.ts';

export interface SecurityHooks {
  /** A file dropped where the page did not take the drop (Chromium would navigate to it). */
  onFileDropped(fileUrl: string): void;
}

export function harden(appOrigin: string, hooks: SecurityHooks): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, appOrigin) });
  });

  app.on('web-contents-created', (_e, contents) => guard(contents, appOrigin, hooks));
}

function guard(contents: WebContents, appOrigin: string, hooks: SecurityHooks): void {
  const onNavigate = (e: { preventDefault(): void }, url: string): void => {
    const verdict = navigationVerdict(url, appOrigin);
    if (verdict === 'allow') return;
    e.preventDefault();
    if (verdict === 'external') void shell.openExternal(url);
    else if (verdict === 'file') hooks.onFileDropped(url);
  };
  // will-frame-navigate covers the main frame and any subframe; will-redirect catches server-side hops.
  contents.on('will-frame-navigate', (e) => onNavigate(e, e.url));
  contents.on('will-redirect', (e) => {
    if (navigationVerdict(e.url, appOrigin) !== 'allow') e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (navigationVerdict(url, appOrigin) === 'external') void shell.openExternal(url);
    return { action: 'deny' };
  });
}
