// The foot of a settings form: its error, if any, then Cancel and the save button (busy while saving).
export function FormFooter({
  error,
  errorTestId,
  saving,
  saveLabel,
  saveTestId,
  onCancel,
}: {
  error: string;
  errorTestId?: string;
  saving: boolean;
  saveLabel: string;
  saveTestId: string;
  onCancel: () => void;
}): React.JSX.Element {
  return (
    <>
      {error && (
        <p className="form-error" role="alert" data-testid={errorTestId}>
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={saving} data-testid={saveTestId}>
          {saving ? 'Saving…' : saveLabel}
        </button>
      </div>
    </>
  );
}
