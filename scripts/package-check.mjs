#!/usr/bin/env node
/**
 * Packaging check that runs offline: `electron-builder --dir` for Linux against a stand-in
 * Electron distribution (a small file carrying Electron 45's default fuse wire; the real one
 * cannot be downloaded here), then reads back what a real package would ship:
 *   - every fuse as electron-builder.config.js sets it (the afterPack hook ran on the executable),
 *   - app.asar holds out/main, out/preload, out/renderer and the window icon,
 *   - better-sqlite3's native binary is in app.asar.unpacked.
 * Needs `npm run build` first. Installers (AppImage, deb, NSIS, dmg) are not made here: they
 * need Electron's real binary and, for AppImage/NSIS/dmg, tools electron-builder downloads.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';

const require = createRequire(import.meta.url);
const projectDir = resolve(import.meta.dirname, '..');
const { FUSES } = await import(pathToFileURL(join(projectDir, 'electron-builder.config.js')).href);
const { version } = require('electron/package.json');

if (!existsSync(join(projectDir, 'out/main/index.js'))) {
  console.error('package-check: run `npm run build` first (out/main/index.js is missing).');
  process.exit(1);
}

const temp = mkdtempSync(join(tmpdir(), 'package-check-'));
const problems = [];
try {
  const dist = join(temp, 'electron-dist');
  mkdirSync(dist);
  const wire = Buffer.from('101100011'); // Electron 45's defaults, in FuseV1Options order
  writeFileSync(
    join(dist, 'electron'),
    Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, wire.length]), wire]),
  );
  chmodSync(join(dist, 'electron'), 0o755);
  writeFileSync(join(dist, 'LICENSE'), 'stand-in');
  writeFileSync(join(dist, 'version'), version);

  const output = join(temp, 'out');
  const builderCli = join(projectDir, 'node_modules/electron-builder/cli.js');
  const run = spawnSync(
    process.execPath,
    [
      builderCli,
      '--dir',
      '--linux',
      '--x64',
      '--config',
      'electron-builder.config.js',
      `-c.electronDist=${dist}`,
      `-c.electronVersion=${version}`,
      `-c.directories.output=${output}`,
    ],
    { cwd: projectDir, encoding: 'utf8', env: { ...process.env, CI: 'true' } },
  );
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr);
    throw new Error(`electron-builder --dir failed (exit ${run.status})`);
  }
  const appDir = join(output, 'linux-unpacked');
  const current = await getCurrentFuseWire(join(appDir, 'msp-operator-console'));
  const fuseLines = [];
  for (const [name, value] of Object.entries(FUSES)) {
    const state = current[FuseV1Options[name]];
    const ok = state === (value ? 49 : 48);
    fuseLines.push(`  ${ok ? 'ok ' : 'BAD'} ${name} = ${value}`);
    if (!ok) problems.push(`fuse ${name} is not ${value}`);
  }
  const asar = require('@electron/asar');
  const listed = new Set(asar.listPackage(join(appDir, 'resources/app.asar')).map((p) => p.replaceAll('\\', '/')));
  for (const file of ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/resources/icons/256x256.png', '/package.json']) {
    if (!listed.has(file)) problems.push(`app.asar lacks ${file}`);
  }
  for (const file of listed) if (/^\/(electron|renderer|shared|test)\//.test(file)) problems.push(`app.asar ships source ${file}`);
  // Electron names the data folder after package.json's productName, else its name: keep it
  // `msp-operator-console`, as in development (README "where data lives").
  const packaged = JSON.parse(asar.extractFile(join(appDir, 'resources/app.asar'), 'package.json').toString());
  if (packaged.name !== 'msp-operator-console' || packaged.productName) problems.push('packaged package.json would move the data folder');
  const native = join(appDir, 'resources/app.asar.unpacked/node_modules/better-sqlite3/prebuilds/linux-x64.node');
  if (!existsSync(native)) problems.push('better-sqlite3 linux-x64.node is not in app.asar.unpacked');

  console.log(`package-check: electron-builder --dir (stand-in Electron ${version}), ${listed.size} entries in app.asar`);
  console.log(fuseLines.join('\n'));
  console.log(`  ${existsSync(native) ? 'ok ' : 'BAD'} better-sqlite3 native binary unpacked`);
} catch (error) {
  problems.push(error instanceof Error ? error.message : String(error));
} finally {
  rmSync(temp, { recursive: true, force: true });
}
if (problems.length > 0) {
  console.error(`package-check: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('package-check: ok');
