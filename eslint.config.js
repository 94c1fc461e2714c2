// Flat config. Boundaries from DESIGN.md are enforced here, not by convention alone.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const projects = ['src-shared', 'src-main', 'src-renderer', 'e2e', 'bench'].map(
  (d) => `./${d}/tsconfig.json`,
);

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
    // The engine is plain Node: it must run without Electron (CLI, tests, browser mode).
    files: ['src-main/engine/**', 'src-main/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The engine never imports Electron.' }],
          patterns: [{ group: ['electron/*'], message: 'The engine never imports Electron.' }],
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
          patterns: [
            {
              group: ['**/src-main/**', '../src-main/*'],
              message: 'The renderer never imports src-main; use the API client in src-shared.',
            },
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
          patterns: [
            {
              group: ['**/src-main/**', '../src-main/*'],
              message: 'The renderer never imports src-main; use the API client in src-shared.',
            },
            { group: ['node:*'], message: 'The page has no Node; only tests may import node:*.' },
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
          patterns: [
            {
              group: ['node:*', '**/src-main/**', '**/src-renderer/**'],
              message: 'src-shared is platform-free.',
            },
          ],
        },
      ],
    },
  },
);
