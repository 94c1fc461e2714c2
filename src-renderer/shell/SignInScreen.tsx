// Shown when this browser holds no valid token: how to get a one-time login link.
import { IconLogo } from './Icons.tsx';

export function SignInScreen({ reason, error }: { reason: string; error?: boolean }): React.JSX.Element {
  return (
    <main className="signin" aria-labelledby="signin-title">
      <div className="signin-card">
        <IconLogo size={40} />
        <h1 id="signin-title">{error ? 'Cannot reach OCR Desk' : 'Sign in to OCR Desk'}</h1>
        <p data-testid="signin-reason">{reason}</p>
        {error ? (
          <p>
            Is the engine running? Start it with <code>ocrdesk serve</code>, then reload this page.
          </p>
        ) : (
          <>
            <p>
              Open the one-time link that <code>ocrdesk serve</code> printed when it started, or get a fresh
              one:
            </p>
            <pre className="command">
              <code>ocrdesk gui</code>
            </pre>
            <p className="hint">
              Links work once and expire after a few minutes; the token never appears in a URL.
            </p>
          </>
        )}
      </div>
    </main>
  );
}
