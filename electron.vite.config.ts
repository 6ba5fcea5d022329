import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';
import { i18nPrecompile } from './scripts/i18n-precompile';

/** `@shared/x` is `shared/x` in every bundle (also in tsconfig.json, vitest.config.ts, test/support/ts-loader.mjs). */
const alias = { '@shared': resolve(import.meta.dirname, 'shared') };

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'electron/main/index.ts'),
          // The history export's worker thread: its own file beside index.js (services/history/export.ts finds it there).
          'export-worker': resolve(import.meta.dirname, 'electron/services/history/export-worker.ts'),
          // The integrity check and full-text build's worker (services/storage/background.ts finds it there).
          'storage-worker': resolve(import.meta.dirname, 'electron/services/storage/storage-worker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    // A sandboxed preload must be one CommonJS file that requires only `electron`:
    // bundle what it imports (the channel names) instead of leaving require()s.
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    resolve: { alias },
    build: {
      // electron-vite leaves the renderer unminified by default: minified, start-up parses about a third of the bytes.
      minify: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
    // Messages compiled at build time, vue-i18n's runtime-only build (scripts/i18n-precompile.ts).
    plugins: [vue(), i18nPrecompile()],
    // Composition API only: leave vue-i18n's legacy API and devtools hooks out of the bundle.
    define: {
      __VUE_I18N_FULL_INSTALL__: 'true',
      __VUE_I18N_LEGACY_API__: 'false',
      __INTLIFY_PROD_DEVTOOLS__: 'false',
    },
  },
});
