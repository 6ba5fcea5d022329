/**
 * Packaging with electron-builder: `npm run dist` (AppImage + deb on Linux, NSIS on Windows,
 * dmg on macOS; each OS builds its own). The first run downloads Electron's release zip, so it
 * needs internet (or ELECTRON_MIRROR) once.
 *
 * Every Electron fuse is set here, deliberately, and flipped in `afterPack` (before signing) with
 * @electron/fuses in strict mode: a fuse a future Electron adds fails the build until it is
 * decided here. electron-builder's own `electronFuses` option is not used because it does not
 * know every fuse Electron 45 has (WasmTrapHandlers).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses';

const root = import.meta.dirname;

/** Fuse name → value, for the whole Electron 45 fuse wire. */
export const FUSES = Object.freeze({
  // `ELECTRON_RUN_AS_NODE=1 console -e …` would run any script with the app's identity (and keys).
  RunAsNode: false,
  // Chromium's cookie store encrypted with the OS key (one-way switch; the app keeps no cookies anyway).
  EnableCookieEncryption: true,
  // `NODE_OPTIONS=--require evil.js` and NODE_EXTRA_CA_CERTS are ignored.
  EnableNodeOptionsEnvironmentVariable: false,
  // No `--inspect` / SIGUSR1 debugger on the main process, which holds the API keys.
  EnableNodeCliInspectArguments: false,
  // app.asar is checked against the hash electron-builder embeds (macOS, Windows).
  EnableEmbeddedAsarIntegrityValidation: true,
  // Only app.asar is loaded: no `resources/app` folder next to it can replace the code.
  OnlyLoadAppFromAsar: true,
  // We ship no custom V8 snapshot for the browser process.
  LoadBrowserProcessSpecificV8Snapshot: false,
  // The UI is served from app://, never file://: file pages get no extra powers.
  GrantFileProtocolExtraPrivileges: false,
  // Electron's default: V8's WebAssembly trap handlers stay on (off costs speed, gains nothing here).
  WasmTrapHandlers: true,
});

/** The @electron/fuses configuration for FUSES, strict: every fuse of the wire must be named. */
export function fuseConfig(platform) {
  const config = {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    // Flipping fuses breaks the ad-hoc signature of Apple silicon binaries; electron-builder signs after.
    resetAdHocDarwinSignature: platform === 'darwin' || platform === 'mas',
  };
  for (const [name, value] of Object.entries(FUSES)) {
    if (!(name in FuseV1Options)) throw new Error(`@electron/fuses does not know the fuse ${name}`);
    config[FuseV1Options[name]] = value;
  }
  return config;
}

/** The packaged executable, as electron-builder names it per platform. */
function executablePath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return join(appOutDir, `${packager.appInfo.productFilename}.app`);
  }
  if (electronPlatformName === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  return join(appOutDir, packager.executableName);
}

/** The checked-in desktop entry (resources/linux) as electron-builder's `linux.desktop.entry`. */
function desktopEntry() {
  const text = readFileSync(join(root, 'resources/linux/msp-operator-console.desktop'), 'utf8');
  const entry = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z][\w-]*)=(.*)$/.exec(line.trim());
    // Exec and Icon point into the installed package: electron-builder writes those itself.
    if (match && match[1] !== 'Exec' && match[1] !== 'Icon' && match[1] !== 'Type') entry[match[1]] = match[2];
  }
  return entry;
}

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'eu.msp-operator-console.app',
  productName: 'MSP Operator Console',
  copyright: 'Copyright © 2026 the MSP Operator Console authors',
  directories: { output: 'dist', buildResources: 'resources' },
  // The built app only: out/ (main, preload, renderer) and the runtime icons. node_modules'
  // production dependencies are added by electron-builder.
  files: [
    'out/**',
    '!out/**/*.map',
    'package.json',
    'resources/icons/256x256.png',
    // better-sqlite3's C sources (SQLite amalgamation): only its prebuilt binaries are needed.
    '!**/node_modules/better-sqlite3/{deps,src}/**',
    '!**/node_modules/better-sqlite3/binding.gyp',
  ],
  // No `productName` goes into the packaged package.json, so Electron's app name (and with it the
  // data folder, `msp-operator-console`) is the same in development and in every package.
  asar: true,
  // A native module cannot be dlopen()ed from inside app.asar: better-sqlite3's prebuilt binaries
  // go to app.asar.unpacked, where Electron's asar shim finds them.
  asarUnpack: ['**/node_modules/better-sqlite3/**/*.node'],
  // better-sqlite3 13 ships N-API prebuilds that load in Electron as they are: no rebuild
  // (which would need Electron's headers from the internet).
  npmRebuild: false,
  nodeGypRebuild: false,
  afterPack: async (context) => {
    await flipFuses(executablePath(context), fuseConfig(context.electronPlatformName));
  },
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'resources/icons',
    category: 'Office',
    executableName: 'msp-operator-console',
    synopsis: 'Operator console for MultiSafepay orders',
    desktop: { entry: desktopEntry() },
  },
  deb: { packageCategory: 'utils', priority: 'optional' },
  appImage: { artifactName: '${productName}-${version}-${arch}.${ext}' },
  win: {
    target: ['nsis'],
    icon: 'resources/icon.ico',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    artifactName: '${productName}-Setup-${version}.${ext}',
  },
  mac: {
    target: ['dmg'],
    icon: 'resources/icon.icns',
    category: 'public.app-category.finance',
    hardenedRuntime: true,
  },
  dmg: { artifactName: '${productName}-${version}-${arch}.${ext}' },
};

export default config;
