// A settings form's save: busy while it runs, and a failure shown as text (the API's code first when it has one).
import { useState } from 'react';

export interface SaveState {
  readonly error: string;
  readonly setError: (error: string) => void;
  readonly saving: boolean;
  /** Runs `work` with `saving` set; a rejection becomes `error` (a success leaves `error` as it was). */
  readonly save: (work: () => Promise<void>) => Promise<void>;
}

export function useSave(): SaveState {
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  const save = async (work: () => Promise<void>): Promise<void> => {
    setSaving(true);
    try {
      await work();
    } catch (e) {
      const err = e as { code?: string; message?: string };
      setError(`${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}`);
    } finally {
      setSaving(false);
    }
  };
  return { error, setError, saving, save };
}
