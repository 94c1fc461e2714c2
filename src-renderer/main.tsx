// Entry point: connect to the engine, then mount the app shell.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './session/connect.ts';

function Placeholder({ text }: { text: string }): React.JSX.Element {
  return <main aria-label="OCR Desk">{text}</main>;
}

const root = createRoot(document.getElementById('root')!);
connect()
  .then((c) => {
    document.documentElement.dataset['session'] = c.kind;
    root.render(
      <StrictMode>
        <Placeholder text={c.kind === 'ready' ? 'OCR Desk' : c.reason} />
      </StrictMode>,
    );
  })
  .catch((e: unknown) => root.render(<Placeholder text={String(e)} />));
