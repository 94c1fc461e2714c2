// The app's keyboard shortcuts: one table for the handler and the help dialog. The viewer has its own keys
// (zoom, pages, words) while it has focus; it marks the ones it handles, so these never fire twice.
export interface Shortcut {
  /** KeyboardEvent.key values that trigger it. */
  readonly keys: readonly string[];
  /** As shown in the help. */
  readonly label: string;
  readonly action:
    | 'open-files'
    | 'open-folder'
    | 'export'
    | 'settings'
    | 'delete'
    | 'cancel'
    | 'retry'
    | 'next'
    | 'previous'
    | 'search'
    | 'help';
  readonly description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['o'], label: 'O', action: 'open-files', description: 'Open files' },
  { keys: ['O'], label: 'Shift O', action: 'open-folder', description: 'Open a folder' },
  { keys: ['e'], label: 'E', action: 'export', description: 'Export the selected job' },
  { keys: [','], label: ',', action: 'settings', description: 'Settings' },
  { keys: ['j', 'ArrowDown'], label: 'J / ↓', action: 'next', description: 'Next job in the queue' },
  { keys: ['k', 'ArrowUp'], label: 'K / ↑', action: 'previous', description: 'Previous job in the queue' },
  { keys: ['c'], label: 'C', action: 'cancel', description: 'Cancel the selected job' },
  { keys: ['t'], label: 'T', action: 'retry', description: 'Try the selected job again' },
  { keys: ['Delete'], label: 'Delete', action: 'delete', description: 'Delete the selected job' },
  { keys: ['/'], label: '/', action: 'search', description: 'Filter the queue' },
  { keys: ['?'], label: '?', action: 'help', description: 'Show these shortcuts' },
];

/** The shortcut for a key press, or undefined (typing in a field, modifier held, or handled already). */
export function shortcutFor(e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  defaultPrevented: boolean;
  target: EventTarget | null;
}): Shortcut | undefined {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return undefined;
  const t = e.target as { tagName?: string; isContentEditable?: boolean } | null;
  if (t?.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t?.tagName ?? '')) return undefined;
  return SHORTCUTS.find((s) => s.keys.includes(e.key));
}
