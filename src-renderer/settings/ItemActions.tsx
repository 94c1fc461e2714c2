// Edit and remove buttons of a settings list item; removing asks first, and a failure becomes a notice.
// Labels are built from one verb and noun, e.g. "Edit profile X", "Delete profile X", "Delete failed".
import { IconEdit, IconTrash } from '../shell/Icons.tsx';
import { useDialogStore } from '../shell/useDialogStore.ts';
import { noticeError } from '../shell/useNoticeStore.ts';

export function ItemActions({
  noun,
  subject,
  verb,
  message,
  onEdit,
  onRemove,
}: {
  /** What the item is ("hot folder"). */
  noun: string;
  /** Which one, as the labels name it. */
  subject: string;
  /** What removing it is called ("Remove", "Delete"). */
  verb: string;
  /** The confirmation's question. */
  message: string;
  onEdit: () => void;
  onRemove: () => Promise<void>;
}): React.JSX.Element {
  return (
    <div className="item-actions">
      <button type="button" className="icon-button" aria-label={`Edit ${noun} ${subject}`} onClick={onEdit}>
        <IconEdit size={16} />
      </button>
      <button
        type="button"
        className="icon-button icon-danger"
        aria-label={`${verb} ${noun} ${subject}`}
        onClick={() =>
          useDialogStore.getState().confirm({
            title: `${verb} ${noun}`,
            message,
            confirmLabel: verb,
            danger: true,
            onConfirm: () => void onRemove().catch((e: unknown) => noticeError(`${verb} failed`, e)),
          })
        }
      >
        <IconTrash size={16} />
      </button>
    </div>
  );
}
