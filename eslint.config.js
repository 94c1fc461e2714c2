// Flat config. Boundaries from DESIGN.md are enforced here, not by convention alone.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const projects = ['src-shared', 'src-main', 'src-main/electron', 'src-renderer', 'e2e', 'bench'].map(
  (d) => `./${d}/tsconfig.json`,
);

// Only the Electron shell (src-main/electron/**) may import electron; every other room is plain Node or a page.
const noElectron = {
  paths: [{ name: 'electron', message: 'Only src-main/electron/** imports Electron.' }],
  patterns: [{ group: ['electron/*'], message: 'Only src-main/electron/** imports Electron.' }],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'bench/results/**', '.tmp/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { project: projects, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'eslint-comments/require-description': 'off',
    },
  },
  {
    files: ['src-renderer/**/*.tsx', 'src-renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // Everything outside the shell runs without Electron (engine, CLI, tests, benchmarks, scripts, browser mode).
    // The rooms below that restrict more imports repeat noElectron, since a later rule replaces an earlier one.
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    ignores: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    // Inside the shell, the pure modules (tested under plain Node) and the engine's utility-process entry must
    // not import electron either: only the files that drive Electron's APIs do.
    files: ['src-main/electron/**'],
    ignores: [
      'src-main/electron/main.ts',
      'src-main/electron/preload.ts',
      'src-main/electron/security.ts',
      'src-main/electron/menu.ts',
      'src-main/electron/tray.ts',
      'src-main/electron/window.ts',
      'src-main/electron/shell-ipc.ts',
      'src-main/electron/engine-process.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Pure shell modules and the engine entry run under plain Node.' },
          ],
          patterns: [{ group: ['electron/*'], message: 'Pure shell modules run under plain Node.' }],
        },
      ],
    },
  },
  {
    // The renderer talks to the engine only through the typed API client in src-shared.
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noElectron.paths,
          patterns: [
            {
              group: ['**/src-main/**', '../src-main/*'],
              message: 'The renderer never imports src-main; use the API client in src-shared.',
            },
            ...noElectron.patterns,
          ],
        },
      ],
    },
  },
  {
    // Renderer code runs in a sandboxed page: no Node modules (its *.test.ts files run under node:test).
    files: ['src-renderer/**'],
    ignores: ['src-renderer/**/*.test.ts', 'src-renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noElectron.paths,
          patterns: [
            {
              group: ['**/src-main/**', '../src-main/*'],
              message: 'The renderer never imports src-main; use the API client in src-shared.',
            },
            { group: ['node:*'], message: 'The page has no Node; only tests may import node:*.' },
            ...noElectron.patterns,
          ],
        },
      ],
    },
  },
  {
    // The contract imports nothing from Node, the DOM or the other rooms.
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noElectron.paths,
          patterns: [
            {
              group: ['node:*', '**/src-main/**', '**/src-renderer/**'],
              message: 'src-shared is platform-free.',
            },
            ...noElectron.patterns,
          ],
        },
      ],
    },
  },
);
