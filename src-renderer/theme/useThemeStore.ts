// Light, dark or the system's choice, kept in localStorage and applied as <html data-theme>.
import { create } from 'zustand';

export type ThemeChoice = 'light' | 'dark' | 'system';
const KEY = 'ocrdesk.theme';

function stored(): ThemeChoice {
  const v = localStorage.getItem(KEY);
  return v === 'light' || v === 'dark' || v === 'system' ? v : 'system';
}

const media = (): MediaQueryList => window.matchMedia('(prefers-color-scheme: dark)');

function apply(choice: ThemeChoice): void {
  const dark = choice === 'dark' || (choice === 'system' && media().matches);
  document.documentElement.dataset['theme'] = dark ? 'dark' : 'light';
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
}

interface ThemeState {
  readonly choice: ThemeChoice;
  readonly set: (choice: ThemeChoice) => void;
}

export const useThemeStore = create<ThemeState>((set) => ({
  choice: stored(),
  set(choice) {
    localStorage.setItem(KEY, choice);
    apply(choice);
    set({ choice });
  },
}));

/** Applies the stored theme now and follows the system while the choice is "system". */
export function initTheme(): void {
  apply(useThemeStore.getState().choice);
  media().addEventListener('change', () => apply(useThemeStore.getState().choice));
}
