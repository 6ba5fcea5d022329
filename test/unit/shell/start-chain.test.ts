/**
 * `npm start` / `npm run dev` end to end, with a stand-in for the Electron binary (none can be
 * downloaded here): scripts/ensure-electron.mjs resolves the executable and hands it to
 * electron-vite, which builds and asks it to run the project (package.json `main` →
 * out/main/index.js). And the offline path: no binary, no reachable host → a short message with
 * the three fixes, quickly, no stack trace. Nothing here talks beyond 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const projectDir = resolve(import.meta.dirname, '../../..');
const script = join(projectDir, 'scripts/ensure-electron.mjs');
const temp = mkdtempSync(join(tmpdir(), 'start-chain-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The environment minus anything that could point Electron's downloader elsewhere. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/electron|proxy/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

function run(args: string[], env: NodeJS.ProcessEnv, cwd = projectDir, timeoutMs = 150_000) {
  return new Promise<{ code: number | null; out: string; ms: number }>((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, out, ms: Date.now() - started });
    });
  });
}

/** A fake Electron: records argv, cwd and a few env vars as JSON, exits 0. */
function standIn(dir: string, name: string, record: string): string {
  mkdirSync(dir, { recursive: true });
  const recorder = join(dir, 'recorder.cjs');
  writeFileSync(
    recorder,
    `require('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), env: process.env }));\n`,
  );
  const executable = join(dir, name);
  writeFileSync(executable, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(recorder)} "$@"\n`);
  chmodSync(executable, 0o755);
  return executable;
}

interface Recorded {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
}

function runsTheBuiltMain(recorded: Recorded): void {
  // electron-vite runs `electron .` in the project: Electron then loads package.json `main`.
  expect(recorded.argv[0]).toBe('.');
  expect(resolve(recorded.cwd)).toBe(projectDir);
  const main = (JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as { main: string }).main;
  expect(main).toBe('out/main/index.js');
  expect(existsSync(join(projectDir, main))).toBe(true);
  expect(existsSync(join(projectDir, 'out/preload/index.cjs'))).toBe(true);
  expect(existsSync(join(projectDir, 'out/renderer/index.html'))).toBe(true);
}

describe.skipIf(process.platform === 'win32')('start chain with a stand-in Electron', () => {
  it('npm start: ELECTRON_EXEC_PATH → electron-vite preview builds and runs out/main/index.js', async () => {
    const record = join(temp, 'exec.json');
    const executable = standIn(join(temp, 'exec'), 'my-electron', record);
    const result = await run([script, 'preview'], cleanEnv({ ELECTRON_EXEC_PATH: executable }));
    expect(result.code, result.out).toBe(0);
    const recorded = JSON.parse(readFileSync(record, 'utf8')) as Recorded;
    runsTheBuiltMain(recorded);
    expect(recorded.env.ELECTRON_EXEC_PATH).toBe(executable);
  }, 180_000);

  it('npm run dev: ELECTRON_OVERRIDE_DIST_PATH → electron-vite dev runs the project against the dev server', async () => {
    const record = join(temp, 'dist.json');
    const dist = join(temp, 'dist');
    const executable = standIn(dist, 'electron', record);
    const result = await run([script, 'dev'], cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: dist }));
    expect(result.code, result.out).toBe(0);
    const recorded = JSON.parse(readFileSync(record, 'utf8')) as Recorded;
    runsTheBuiltMain(recorded);
    expect(recorded.env.ELECTRON_EXEC_PATH).toBe(executable);
    // The renderer comes from Vite's dev server, on loopback.
    expect(new URL(recorded.env.ELECTRON_RENDERER_URL ?? '').hostname).toMatch(/^(localhost|127\.0\.0\.1|\[::1\])$/);
  }, 180_000);

  it('a wrong ELECTRON_EXEC_PATH is named, briefly', async () => {
    const result = await run([script], cleanEnv({ ELECTRON_EXEC_PATH: join(temp, 'nope') }));
    expect(result.code).toBe(1);
    expect(result.out).toContain('ELECTRON_EXEC_PATH');
    expect(result.out).not.toMatch(/\n\s+at /);
  });
});

describe('offline, with no Electron binary', () => {
  it('fails within seconds with what is missing and the three fixes, no stack trace', async () => {
    // A copy of the project's skeleton whose electron package has no binary, whatever this
    // machine has installed; Electron's real installer and @electron/get do the work.
    const project = join(temp, 'offline');
    const electronDir = join(project, 'node_modules/electron');
    mkdirSync(join(project, 'scripts'), { recursive: true });
    mkdirSync(join(project, 'node_modules/@electron'), { recursive: true });
    mkdirSync(electronDir);
    copyFileSync(script, join(project, 'scripts/ensure-electron.mjs'));
    const realElectron = join(projectDir, 'node_modules/electron');
    for (const file of ['package.json', 'install.js', 'index.js', 'checksums.json']) {
      copyFileSync(join(realElectron, file), join(electronDir, file));
    }
    symlinkSync(join(projectDir, 'node_modules/@electron/get'), join(project, 'node_modules/@electron/get'), 'junction');
    const cache = join(temp, 'cache');

    const result = await run(
      [join(project, 'scripts/ensure-electron.mjs'), 'preview'],
      cleanEnv({ ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: cache }),
      project,
      30_000,
    );
    expect(result.code, result.out).toBe(1);
    expect(result.ms).toBeLessThan(20_000);
    expect(result.out).toMatch(/Electron 45\.\d+\.\d+ is not installed/);
    expect(result.out).toMatch(/internet/i);
    expect(result.out).toContain('ELECTRON_MIRROR');
    expect(result.out).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(result.out).toContain('ELECTRON_EXEC_PATH');
    expect(result.out).not.toMatch(/\n\s+at /); // no stack frames
    expect(result.out).not.toContain('Electron uninstall');
    expect(existsSync(join(electronDir, 'path.txt'))).toBe(false);
  }, 40_000);
});
