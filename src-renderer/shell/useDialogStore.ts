// Which dialog is open (one at a time), and the pending confirmation if any.
import { create } from 'zustand';

export type DialogName = 'export' | 'settings' | 'shortcuts';
export type SettingsTab = 'general' | 'profiles' | 'hot-folders';

export interface Confirmation {
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
  readonly danger?: boolean;
  readonly onConfirm: () => void;
}

interface DialogState {
  readonly open: DialogName | undefined;
  readonly settingsTab: SettingsTab;
  readonly confirmation: Confirmation | undefined;
  readonly show: (name: DialogName, tab?: SettingsTab) => void;
  readonly close: () => void;
  readonly setSettingsTab: (tab: SettingsTab) => void;
  readonly confirm: (c: Confirmation) => void;
  readonly closeConfirm: () => void;
}

export const useDialogStore = create<DialogState>((set) => ({
  open: undefined,
  settingsTab: 'general',
  confirmation: undefined,
  show: (open, tab) => set((s) => ({ open, settingsTab: tab ?? s.settingsTab })),
  close: () => set({ open: undefined }),
  setSettingsTab: (settingsTab) => set({ settingsTab }),
  confirm: (confirmation) => set({ confirmation }),
  closeConfirm: () => set({ confirmation: undefined }),
}));
