// Actions on the selected job shared by the row buttons and the keyboard shortcuts.
import type { ApiClient } from '../../src-shared/api-client.ts';
import type { Job } from '../../src-shared/api-schemas.ts';
import { useDialogStore } from '../shell/useDialogStore.ts';
import { jobTitle } from './job-filter.ts';
import { useQueueStore } from './useQueueStore.ts';

export function askDelete(api: ApiClient, job: Job): void {
  useDialogStore.getState().confirm({
    title: 'Delete job',
    message: `Delete “${jobTitle(job)}” with its pages and outputs? This cannot be undone.`,
    confirmLabel: 'Delete',
    danger: true,
    onConfirm: () => void useQueueStore.getState().remove(api, job.id),
  });
}
