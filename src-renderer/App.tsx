// The app: connect first (Electron bridge, one-time login link, or an earlier login), then the workspace.
import { useEffect } from 'react';
import { useSessionStore } from './session/useSessionStore.ts';
import { SignInScreen } from './shell/SignInScreen.tsx';
import { Workspace } from './shell/Workspace.tsx';

export function App(): React.JSX.Element {
  const status = useSessionStore((s) => s.status);
  const reason = useSessionStore((s) => s.reason);
  useEffect(() => {
    // Tests and tools wait for <html data-session="ready">.
    document.documentElement.dataset['session'] = status;
  }, [status]);
  if (status === 'connecting') {
    return (
      <div className="splash" role="status" aria-live="polite">
        Connecting to OCR Desk…
      </div>
    );
  }
  if (status === 'ready') return <Workspace />;
  return <SignInScreen reason={reason} error={status === 'error'} />;
}
