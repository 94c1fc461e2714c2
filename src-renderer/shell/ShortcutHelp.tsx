// The "?" dialog: every app shortcut from the same table the handler uses.
import { Modal } from './Modal.tsx';
import { SHORTCUTS } from './shortcuts.ts';
import { useDialogStore } from './useDialogStore.ts';

export function ShortcutHelp(): React.JSX.Element {
  const close = useDialogStore((s) => s.close);
  return (
    <Modal title="Keyboard shortcuts" onClose={close} testId="shortcut-help">
      <table className="shortcut-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <td>
                <kbd>{s.label}</kbd>
              </td>
              <td>{s.description}</td>
            </tr>
          ))}
          <tr>
            <td>
              <kbd>Esc</kbd>
            </td>
            <td>Close a dialog</td>
          </tr>
        </tbody>
      </table>
      <p className="hint">
        The page viewer has its own keys for zoom, pages and words while it has focus; its toolbar buttons
        name them.
      </p>
    </Modal>
  );
}
