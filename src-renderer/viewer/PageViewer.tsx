// Placeholder until the viewer lands: the app shell mounts this with the selected job.
// Contract between the shell and the viewer (keep it): the shell passes the API client and the live job.
import type { ApiClient } from '../../src-shared/api-client.ts';
import type { Job } from '../../src-shared/api-schemas.ts';

export interface PageViewerProps {
  readonly api: ApiClient;
  /** The selected job as the queue store has it now (status and pagesDone change while it runs). */
  readonly job: Job;
}

export function PageViewer({ job }: PageViewerProps): React.JSX.Element {
  return <section data-testid="page-view">{job.id}</section>;
}
