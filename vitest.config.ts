import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

/** `@shared/x` is `shared/x`, as in tsconfig.json and electron.vite.config.ts. */
const alias = { '@shared': resolve(import.meta.dirname, 'shared') };

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/support/require-node22.ts'],
          // better-sqlite3 and loopback servers: isolate files in forks.
          pool: 'forks',
          // Services tests seed thousands of rows and start servers and worker threads: on a busy
          // 2-core machine the 5 s default is about load, not correctness.
          testTimeout: 20_000,
        },
      },
      {
        plugins: [vue()],
        resolve: { alias },
        test: {
          name: 'component',
          environment: 'happy-dom',
          include: ['test/component/**/*.test.ts'],
          // Some component tests mount a form per language and case (tens of mounts): seconds of work
          // on a busy 2-core machine, which the 5 s default mistakes for a hang.
          testTimeout: 20_000,
        },
      },
    ],
  },
});
