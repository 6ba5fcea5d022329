// Proves the folder boundaries are enforced by lint, not by convention: fixtures that break
// them are linted as if they lived in each folder, and must fail with the boundary rule.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../..') });

async function boundaryErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' && m.severity === 2)
    .map((m) => m.message);
}

describe('lint boundaries', () => {
  for (const folder of ['renderer/src/views/Bad.ts', 'shared/bad.ts']) {
    for (const source of ['electron', 'node:fs', 'fs', 'path', 'got', 'better-sqlite3', '../../electron/services/index']) {
      it(`${folder} may not import ${source}`, async () => {
        expect(await boundaryErrors(`import x from '${source}';\nexport default x;\n`, folder)).toHaveLength(1);
      });
    }
  }

  it('a .vue file in renderer/ may not import node:fs', async () => {
    const sfc = `<script setup lang="ts">\nimport { readFileSync } from 'node:fs';\nreadFileSync('x');\n</script>\n<template><p>x</p></template>\n`;
    expect(await boundaryErrors(sfc, 'renderer/src/components/Bad.vue')).toHaveLength(1);
  });

  it('the renderer may import vue, pinia and shared/', async () => {
    const code = `import { ref } from 'vue';\nimport { defineStore } from 'pinia';\nimport { formatMoney } from '@shared/money';\nexport const s = defineStore('s', () => ({ r: ref(formatMoney(1, 'EUR', 'en')) }));\n`;
    expect(await boundaryErrors(code, 'renderer/src/stores/ok.ts')).toEqual([]);
  });

  it('only stores may import the IPC helper', async () => {
    const code = `import { callApi } from '../lib/call';\nexport const f = () => callApi((api) => api.app.info({}));\n`;
    expect(await boundaryErrors(code, 'renderer/src/stores/ok.ts')).toEqual([]);
    for (const path of ['renderer/src/components/Bad.ts', 'renderer/src/features/entry/bad.ts', 'renderer/src/views/Bad.ts']) {
      expect(await boundaryErrors(code, path)).toHaveLength(1);
    }
    const sfc = `<script setup lang="ts">\nimport { callApi } from '../../lib/call';\nvoid callApi((api) => api.app.info({}));\n</script>\n<template><p>x</p></template>\n`;
    expect(await boundaryErrors(sfc, 'renderer/src/features/history/Bad.vue')).toHaveLength(1);
  });

  it('only stores (and the IPC helper) may touch window.api', async () => {
    const code = `export const f = () => window.api.app.info({});\n`;
    const errors = async (filePath: string) => {
      const [result] = await eslint.lintText(code, { filePath });
      return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-properties' && m.severity === 2);
    };
    expect(await errors('renderer/src/stores/ok.ts')).toEqual([]);
    expect(await errors('renderer/src/lib/call.ts')).toEqual([]);
    expect(await errors('renderer/src/components/Bad.ts')).toHaveLength(1);
    expect(await errors('renderer/src/features/result/bad.ts')).toHaveLength(1);
  });

  it('the preload may import only contextBridge/ipcRenderer and the channel names', async () => {
    const path = 'electron/preload/index.ts';
    for (const names of ['@shared/channels', '../../shared/channels']) {
      expect(await boundaryErrors(`import { contextBridge, ipcRenderer } from 'electron';\nimport { buildApi } from '${names}';\ncontextBridge.exposeInMainWorld('api', buildApi((c, i) => ipcRenderer.invoke(c, i)));\n`, path)).toEqual([]);
    }
    expect(await boundaryErrors(`import { shell } from 'electron';\nshell.beep();\n`, path)).toHaveLength(1);
    expect(await boundaryErrors(`import { readFileSync } from 'node:fs';\nreadFileSync('x');\n`, path)).toHaveLength(1);
    expect(await boundaryErrors(`import { z } from 'zod';\nz.string();\n`, path)).toHaveLength(1);
  });

  it('the @shared alias does not get around the boundaries', async () => {
    // The contract (zod and every schema) and other shared modules stay out of the preload, alias or not.
    for (const source of ['@shared/contract', '../../shared/contract', '@shared/zod', '@shared/orders/form']) {
      expect(await boundaryErrors(`import { x } from '${source}';\nexport default x;\n`, 'electron/preload/index.ts'), source).toHaveLength(1);
    }
    // Main-process code stays out of renderer/ and shared/, even reached through the alias.
    for (const folder of ['renderer/src/views/Bad.ts', 'shared/bad.ts']) {
      expect(await boundaryErrors(`import x from '@shared/../electron/services/index';\nexport default x;\n`, folder)).toHaveLength(1);
    }
    expect(await boundaryErrors(`import { formatMoney } from '@shared/money';\nexport const m = formatMoney(1, 'EUR', 'en');\n`, 'renderer/src/lib/ok.ts')).toEqual([]);
  });

  it('services and the demo server may not import electron', async () => {
    for (const path of ['electron/services/bad.ts', 'electron/demo/bad.ts']) {
      expect(await boundaryErrors(`import { app } from 'electron';\napp.quit();\n`, path)).toHaveLength(1);
    }
  });

  it('only the services factory may import the demo server', async () => {
    const code = (from: string) => `import { startDemoServer } from '${from}';\nvoid startDemoServer;\n`;
    expect(await boundaryErrors(code('../../demo/server'), 'electron/services/orders/bad.ts')).toHaveLength(1);
    expect(await boundaryErrors(code('../demo/server'), 'electron/services/bad.ts')).toHaveLength(1);
    expect(await boundaryErrors(`import { app } from 'electron';\napp.quit();\n`, 'electron/services/accounts/bad.ts')).toHaveLength(1);
    expect(await boundaryErrors(code('../demo/server'), 'electron/services/index.ts')).toEqual([]);
  });

  it('shell.openExternal is banned outside the Electron entry', async () => {
    const [result] = await eslint.lintText(`import { shell } from 'electron';\nvoid shell.openExternal('https://x');\n`, { filePath: 'electron/main/window.ts' });
    expect(result?.messages.some((m) => m.ruleId === 'no-restricted-syntax')).toBe(true);
  });

  it('v-html is refused', async () => {
    const [result] = await eslint.lintText(`<script setup lang="ts">\nconst h = '<b>x</b>';\n</script>\n<template><p v-html="h" /></template>\n`, { filePath: 'renderer/src/components/Html.vue' });
    expect(result?.messages.some((m) => m.ruleId === 'vue/no-v-html')).toBe(true);
  });
});
