// Checks on what `npm run build` wrote (runs after the build, needs no browser).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const out = resolve(import.meta.dirname, '../../out');

test('the build writes main, preload and renderer', () => {
  for (const file of ['main/index.js', 'preload/index.cjs', 'renderer/index.html']) {
    expect(existsSync(resolve(out, file)), file).toBe(true);
  }
});

/** The preload holds channel names and a few lines; the contract (zod, every schema) stays out of it. */
const PRELOAD_MAX_BYTES = 10 * 1024;

test('the preload is one CommonJS file that requires only electron (sandbox-compatible)', () => {
  const code = readFileSync(resolve(out, 'preload/index.cjs'), 'utf8');
  const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
  expect(required.length).toBeGreaterThan(0);
  expect([...new Set(required)]).toEqual(['electron']);
  expect(code).not.toMatch(/^\s*(import|export)\s/m);
  expect(code).toContain('exposeInMainWorld');
});

test(`the preload is at most ${PRELOAD_MAX_BYTES / 1024} kB: channel names only, no schemas`, () => {
  const files = readdirSync(resolve(out, 'preload'));
  expect(files).toEqual(['index.cjs']);
  const size = statSync(resolve(out, 'preload/index.cjs')).size;
  expect(size, `out/preload/index.cjs is ${size} bytes`).toBeLessThanOrEqual(PRELOAD_MAX_BYTES);
  const code = readFileSync(resolve(out, 'preload/index.cjs'), 'utf8');
  expect(code).toContain('orders.create');
  expect(code).not.toMatch(/strictObject|ZodError/);
});

test('the renderer bundle has no inline scripts and no eval', () => {
  const html = readFileSync(resolve(out, 'renderer/index.html'), 'utf8');
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
});

test('the renderer ships precompiled messages without vue-i18n’s compiler, and only English at start-up', () => {
  const assets = resolve(out, 'renderer/assets');
  const html = readFileSync(resolve(out, 'renderer/index.html'), 'utf8');
  const startup = [...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const code = (name: string) => readFileSync(resolve(assets, name), 'utf8');
  const all = readdirSync(assets).filter((name) => name.endsWith('.js'));
  expect(startup.length).toBeGreaterThan(0);
  for (const name of all) {
    // scripts/i18n-precompile.ts sets the flag that drops the compiler (whose result carries `detectError`);
    // nothing may compile code at run time under the CSP either.
    expect(code(name), name).not.toMatch(/detectError|__INTLIFY_DROP_MESSAGE_COMPILER__|new Function\(/);
  }
  const atStart = startup.map(code).join('\n');
  expect(atStart).toContain('New payment link');
  expect(atStart).not.toContain('Nieuwe betaallink');
  expect(atStart).not.toContain('Nouveau lien de paiement');
  const everything = all.map(code).join('\n');
  expect(everything).toContain('Nieuwe betaallink');
  expect(everything).toContain('Nouveau lien de paiement');
});
