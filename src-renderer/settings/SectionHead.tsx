// The head of a settings list: what the list is for, and the button that adds an item.
import { IconPlus } from '../shell/Icons.tsx';

export function SectionHead({
  hint,
  addLabel,
  addTestId,
  onAdd,
}: {
  hint: string;
  addLabel: string;
  addTestId: string;
  onAdd: () => void;
}): React.JSX.Element {
  return (
    <div className="section-head">
      <p className="hint">{hint}</p>
      <button type="button" className="button button-primary" onClick={onAdd} data-testid={addTestId}>
        <IconPlus size={15} /> {addLabel}
      </button>
    </div>
  );
}
