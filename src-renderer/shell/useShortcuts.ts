// The app-wide keyboard shortcuts (see shortcuts.ts), active while no dialog is open.
import { useEffect } from 'react';
import { askDelete } from '../queue/job-actions.ts';
import { visibleJobs } from '../queue/job-filter.ts';
import { SEARCH_ID } from '../queue/QueuePanel.tsx';
import { useQueueStore } from '../queue/useQueueStore.ts';
import { useSessionStore } from '../session/useSessionStore.ts';
import { openPicker } from '../upload/pickers.ts';
import { shortcutFor, type Shortcut } from './shortcuts.ts';
import { useDialogStore } from './useDialogStore.ts';

function run(action: Shortcut['action']): boolean {
  const { api, bridge } = useSessionStore.getState();
  const q = useQueueStore.getState();
  const dialogs = useDialogStore.getState();
  const job = q.selectedId ? q.jobs[q.selectedId] : undefined;
  if (!api) return false;
  switch (action) {
    case 'open-files':
    case 'open-folder':
      openPicker(action === 'open-files' ? 'files' : 'folder', api, bridge);
      return true;
    case 'export':
      if (job?.status !== 'completed') return false;
      dialogs.show('export');
      return true;
    case 'settings':
      dialogs.show('settings');
      return true;
    case 'help':
      dialogs.show('shortcuts');
      return true;
    case 'search':
      document.getElementById(SEARCH_ID)?.focus();
      return true;
    case 'delete':
      if (!job || job.status === 'processing') return false;
      askDelete(api, job);
      return true;
    case 'cancel':
      if (!job || (job.status !== 'queued' && job.status !== 'processing')) return false;
      void q.cancel(api, job.id);
      return true;
    case 'retry':
      if (!job || (job.status !== 'failed' && job.status !== 'canceled')) return false;
      void q.retry(api, job.id);
      return true;
    case 'next':
    case 'previous': {
      const list = visibleJobs(Object.values(q.jobs), q.statusFilter, q.text);
      if (list.length === 0) return false;
      const at = list.findIndex((j) => j.id === q.selectedId);
      const next = action === 'next' ? Math.min(at + 1, list.length - 1) : Math.max(at - 1, 0);
      const target = list[at < 0 ? 0 : next]!;
      q.select(target.id);
      document
        .querySelector(`[data-job-id="${CSS.escape(target.id)}"]`)
        ?.scrollIntoView({ block: 'nearest' });
      return true;
    }
  }
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const d = useDialogStore.getState();
      if (d.open || d.confirmation) return;
      const s = shortcutFor(e);
      if (s && run(s.action)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
