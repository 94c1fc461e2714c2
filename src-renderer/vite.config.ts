// GUI build: `npm run build:gui` writes dist/renderer, which `ocrdesk serve` serves at `/` (and Electron loads).
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, '../dist/renderer'),
    emptyOutDir: true,
    // The page is served by the engine with a strict CSP: no inline scripts, so keep assets as files.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: { port: 5173, strictPort: false },
});
