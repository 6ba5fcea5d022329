#!/usr/bin/env node
/**
 * Makes sure an Electron executable is there, then (optionally) runs electron-vite with it.
 *
 *   node scripts/ensure-electron.mjs            only make sure; prints the executable's path
 *   node scripts/ensure-electron.mjs preview    then `electron-vite preview` (builds, starts the app)
 *   node scripts/ensure-electron.mjs dev        then `electron-vite dev`
 *
 * Why: Electron ≥ 42 downloads its binary lazily, but electron-vite reads
 * node_modules/electron/path.txt itself and stops with "Error: Electron uninstall" when it is
 * absent. So before electron-vite starts, this runs Electron's own installer
 * (node_modules/electron/install.js, i.e. @electron/get, exactly as `require('electron')` would),
 * which honours ELECTRON_MIRROR and electron_config_cache, and hands the result to electron-vite
 * through ELECTRON_EXEC_PATH. An executable given by ELECTRON_EXEC_PATH or
 * ELECTRON_OVERRIDE_DIST_PATH is used as it is and nothing is downloaded.
 *
 * Failures end with a short message and exit code 1, never a stack trace.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const projectDir = resolve(import.meta.dirname, '..');
// Safety net only: a real first download is ~100 MB; an unreachable host fails in seconds
// (fetch's connect timeout is 10 s, a refused or unresolvable host fails at once).
const INSTALL_TIMEOUT_MS = Number(process.env.ENSURE_ELECTRON_TIMEOUT_MS) || 15 * 60_000;

class Stop extends Error {}

/** The executable's path inside a dist folder, as Electron's own install.js names it. */
export function platformPath(platform = process.env.ELECTRON_INSTALL_PLATFORM || process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

function isExecutableFile(path) {
  try {
    if (!statSync(path).isFile()) return false;
    if (process.platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function electronModuleDir() {
  try {
    return dirname(require.resolve('electron/package.json', { paths: [projectDir] }));
  } catch {
    throw new Stop('The electron package is not installed. Run `npm ci` first.');
  }
}

function installedExecutable(moduleDir) {
  const pathFile = join(moduleDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = join(moduleDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return isExecutableFile(executable) ? executable : null;
}

function fixes(version) {
  return [
    `Electron ${version} is not installed: its binary is downloaded once, on first start, and that download failed.`,
    'Fix it one of three ways:',
    '  1. Connect to the internet once and run `npm start` again (the binary is then cached).',
    '  2. Use a mirror that serves Electron releases: ELECTRON_MIRROR=https://your-mirror/electron/ npm start',
    '  3. Point at an Electron you already have:',
    '       ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron-dist-folder npm start   (the folder holding the executable)',
    '       ELECTRON_EXEC_PATH=/path/to/electron-executable npm start',
  ].join('\n');
}

/** The first line of what the installer printed, without its stack: a hint, not a trace. */
function reasonOf(output) {
  const line = output
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('at ') && !/^Downloading Electron/i.test(l));
  return line ? line.slice(0, 200) : '';
}

function runInstaller(moduleDir) {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [join(moduleDir, 'install.js')], {
      cwd: moduleDir,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      output += '\nThe download did not finish in time.';
      child.kill();
    }, INSTALL_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolvePromise({ ok: false, output: error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ ok: code === 0, output });
    });
  });
}

/** Resolves the executable to run, installing it with Electron's own installer when needed. */
export async function ensureElectron() {
  const given = process.env.ELECTRON_EXEC_PATH;
  if (given) {
    if (isExecutableFile(given)) return given;
    throw new Stop(`ELECTRON_EXEC_PATH points at ${given}, which is not an executable file.`);
  }
  const moduleDir = electronModuleDir();
  const version = JSON.parse(readFileSync(join(moduleDir, 'package.json'), 'utf8')).version;
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (dist) {
    const executable = join(dist, platformPath());
    if (isExecutableFile(executable)) return executable;
    throw new Stop(`ELECTRON_OVERRIDE_DIST_PATH is ${dist}, but ${executable} is not an executable file.`);
  }
  const installed = installedExecutable(moduleDir);
  if (installed) return installed;

  process.stderr.write(`Electron ${version} is not installed yet: downloading it once (about 100 MB)…\n`);
  const result = await runInstaller(moduleDir);
  const after = installedExecutable(moduleDir);
  if (result.ok && after) return after;
  const reason = reasonOf(result.output);
  throw new Stop(`${fixes(version)}${reason ? `\n\n(The installer said: ${reason})` : ''}`);
}

function electronViteBin() {
  const pkgFile = require.resolve('electron-vite/package.json', { paths: [projectDir] });
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin['electron-vite'];
  return join(dirname(pkgFile), bin);
}

async function main() {
  const args = process.argv.slice(2);
  let executable;
  try {
    executable = await ensureElectron();
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    process.stderr.write(`\n${error.message}\n`);
    process.exit(1);
  }
  if (args.length === 0) {
    process.stdout.write(`${executable}\n`);
    return;
  }
  // electron-vite honours ELECTRON_EXEC_PATH (and ignores ELECTRON_OVERRIDE_DIST_PATH): pass it on.
  const child = spawn(process.execPath, [electronViteBin(), ...args], {
    cwd: projectDir,
    env: { ...process.env, ELECTRON_EXEC_PATH: executable },
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await main();
}
