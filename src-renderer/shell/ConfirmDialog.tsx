// Asks before something that cannot be undone (deleting a job, a profile, a hot folder).
import { useDialogStore } from './useDialogStore.ts';
import { Modal } from './Modal.tsx';

export function ConfirmDialog(): React.JSX.Element | null {
  const c = useDialogStore((s) => s.confirmation);
  const close = useDialogStore((s) => s.closeConfirm);
  if (!c) return null;
  return (
    <Modal
      title={c.title}
      onClose={close}
      testId="confirm-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button
            type="button"
            className={c.danger ? 'button button-danger' : 'button button-primary'}
            // Enter confirms: the confirming button has focus when the dialog opens.
            autoFocus
            onClick={() => {
              close();
              c.onConfirm();
            }}
          >
            {c.confirmLabel}
          </button>
        </>
      }
    >
      <p>{c.message}</p>
    </Modal>
  );
}
