// Short messages at the bottom right (action failed, export saved); errors stay until dismissed.
import { create } from 'zustand';

export interface Notice {
  readonly id: number;
  readonly kind: 'info' | 'error';
  readonly text: string;
  readonly code?: string;
}

interface NoticeState {
  readonly notices: readonly Notice[];
  readonly push: (n: Omit<Notice, 'id'>) => void;
  readonly dismiss: (id: number) => void;
}

let nextId = 1;

export const useNoticeStore = create<NoticeState>((set, get) => ({
  notices: [],
  push(n) {
    const id = nextId++;
    set({ notices: [...get().notices.slice(-4), { ...n, id }] });
    if (n.kind === 'info') setTimeout(() => get().dismiss(id), 5000);
  },
  dismiss(id) {
    set({ notices: get().notices.filter((x) => x.id !== id) });
  },
}));

/** An error as a notice: the API's code and message when it has them. */
export function noticeError(prefix: string, e: unknown): void {
  const err = e as { code?: string; message?: string };
  useNoticeStore.getState().push({
    kind: 'error',
    text: `${prefix}: ${err.message ?? String(e)}`,
    ...(err.code !== undefined && { code: err.code }),
  });
}
