// Lint enforces the layers: what may import what is checked here, not left to convention.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';
import globals from 'globals';

// Bare built-in names; every `node:` specifier is caught by a pattern below.
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('node:'));
const mainOnly = ['electron', 'got', 'better-sqlite3', 'lossless-json'];

/** renderer/ and shared/: no Electron, no Node built-ins, no main-only packages, no main code. */
const browserSafeImports = {
  paths: [...mainOnly, ...nodeBuiltins].map((name) => ({
    name,
    message: 'renderer/ and shared/ run without Node or Electron: this belongs in electron/services.',
  })),
  patterns: [
    { regex: '^node:', message: 'Node built-ins are main-process only.' },
    { regex: '(^|/)electron/', message: 'Main-process code is reached through window.api only.' },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/artifacts/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='openExternal'][object.name='shell']",
          message: 'Open URLs only through the vetted app.openExternal handler (electron/main/index.ts wires it).',
        },
      ],
      'vue/no-v-html': 'error',
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    files: ['electron/**/*.ts', 'test/**/*.ts', 'scripts/**', '*.config.ts', '*.config.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**/*.{ts,vue}', 'shared/**/*.ts'],
    languageOptions: { globals: globals.browser },
    rules: { 'no-restricted-imports': ['error', browserSafeImports] },
  },
  {
    // Only stores talk to main: elsewhere in the renderer, no IPC helper and no window.api.
    // (Repeats the browser-safe paths: a later block's no-restricted-imports replaces the earlier one.)
    files: ['renderer/src/**/*.{ts,vue}'],
    ignores: ['renderer/src/stores/**', 'renderer/src/lib/call.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: browserSafeImports.paths,
          patterns: [
            ...browserSafeImports.patterns,
            { regex: '(^|/)lib/call(\\.ts)?$', message: 'Only stores (renderer/src/stores) call main: add a store action.' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'api', message: 'Only stores (renderer/src/stores) call main: add a store action.' },
      ],
    },
  },
  {
    // The sandboxed preload may use electron's renderer-safe bridge and the channel names, nothing else:
    // the contract itself would bundle zod and every schema into it (the build-output test checks its size).
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowImportNames: ['contextBridge', 'ipcRenderer'],
              message: 'The preload may use only contextBridge and ipcRenderer.',
            },
          ],
          patterns: [
            {
              regex: '^(?!electron$|@shared/channels$|\\.\\./\\.\\./shared/channels$)',
              message: 'The preload imports only electron and shared/channels (@shared/channels).',
            },
          ],
        },
      ],
    },
  },
  {
    // Services and the demo server run under plain Node in tests: no Electron.
    files: ['electron/services/**/*.ts', 'electron/demo/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Services take Electron features as injected inputs.' }] },
      ],
    },
  },
  {
    // Only the factory starts the demo server; services never depend on the imitation they are tested against.
    // (Repeats the electron ban: a later block's options for the same rule replace the earlier ones.)
    files: ['electron/services/**/*.ts'],
    ignores: ['electron/services/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Services take Electron features as injected inputs.' }],
          patterns: [{ regex: '^(\\.\\./)+demo(/|$)', message: 'Only the services factory (electron/services/index.ts) may import electron/demo.' }],
        },
      ],
    },
  },
  {
    files: ['electron/main/index.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
