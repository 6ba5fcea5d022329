#!/usr/bin/env node
/**
 * Renders resources/icon.svg into everything the window and the packagers need, checked in:
 *   resources/icons/NxN.png   16…1024 (Linux: electron-builder's icon folder; the window's icon)
 *   resources/icon.png        1024×1024 (electron-builder's fallback)
 *   resources/icon.ico        16, 24, 32, 48, 64, 128, 256 (Windows, NSIS)
 *   resources/icon.icns       16…1024 incl. @2x (macOS, dmg)
 * Run `npm run icons` after changing the SVG. `--check` renders to memory and fails when a
 * checked-in file differs (byte for byte) from what the SVG gives now.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import pngToIco from 'png-to-ico';
import icns from '@fiahfy/icns';

const { Icns, IcnsImage } = icns;
const resources = resolve(import.meta.dirname, '../resources');
const svg = readFileSync(join(resources, 'icon.svg'));

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// Apple's PNG-based icon types: 16, 32, 64 (@2x of 32), 128, 256, 512, 1024 (@2x of 512).
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024],
];

function render(size) {
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' });
  return Buffer.from(resvg.render().asPng());
}

async function outputs() {
  const png = new Map(PNG_SIZES.map((size) => [size, render(size)]));
  const files = new Map();
  for (const [size, data] of png) files.set(`icons/${size}x${size}.png`, data);
  files.set('icon.png', png.get(1024));
  files.set('icon.ico', await pngToIco(ICO_SIZES.map((size) => png.get(size))));
  const set = new Icns();
  for (const [osType, size] of ICNS_TYPES) set.append(IcnsImage.fromPNG(png.get(size), osType));
  files.set('icon.icns', set.data);
  return files;
}

const check = process.argv.includes('--check');
const stale = [];
for (const [name, data] of await outputs()) {
  const file = join(resources, name);
  if (check) {
    if (!existsSync(file) || !readFileSync(file).equals(data)) stale.push(name);
    continue;
  }
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, data);
  console.log(`resources/${name}  ${data.length} bytes`);
}
if (check) {
  if (stale.length > 0) {
    console.error(`Icons out of date with resources/icon.svg: ${stale.join(', ')}. Run \`npm run icons\`.`);
    process.exit(1);
  }
  console.log('Icons match resources/icon.svg.');
}
