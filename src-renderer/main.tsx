// Entry point: theme first (no flash of the wrong one), then connect and mount the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { useSessionStore } from './session/useSessionStore.ts';
import { initTheme } from './theme/useThemeStore.ts';
import './styles.css';

initTheme();
void useSessionStore.getState().start();
// A login link opened in this tab while the app runs only changes the fragment; sign in with it all the same.
window.addEventListener('hashchange', () => {
  if (/(^#|&)login=/.test(window.location.hash)) void useSessionStore.getState().start();
});
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
