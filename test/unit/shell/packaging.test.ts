/**
 * The electron-builder configuration, loaded as electron-builder loads it: every Electron fuse is
 * set deliberately (and flipped by its afterPack hook), better-sqlite3's native binaries are
 * unpacked from app.asar, and the targets and icons are the ones the README promises.
 */
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, matchesGlob, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { beforeAll, describe, expect, it } from 'vitest';

const projectDir = resolve(import.meta.dirname, '../../..');

interface BuilderModule {
  default: {
    asar: boolean;
    asarUnpack: string[];
    npmRebuild: boolean;
    files: string[];
    afterPack: (context: unknown) => Promise<void>;
    linux: { target: string[]; icon: string; desktop: { entry: Record<string, string> } };
    win: { target: string[]; icon: string };
    mac: { target: string[]; icon: string };
  };
  FUSES: Record<string, boolean>;
  fuseConfig: (platform: string) => Record<string | number, unknown>;
}

let builder: BuilderModule;
beforeAll(async () => {
  const file = pathToFileURL(join(projectDir, 'electron-builder.config.js')).href;
  builder = (await import(file)) as BuilderModule;
});

const FUSE_COUNT = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k))).length;

describe('Electron fuses', () => {
  it('sets each fuse as the security checklist says', () => {
    expect(builder.FUSES).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
      WasmTrapHandlers: true,
    });
  });

  it('names every fuse @electron/fuses knows, in strict mode', () => {
    const config = builder.fuseConfig('linux');
    expect(config.version).toBe(FuseVersion.V1);
    expect(config.strictlyRequireAllFuses).toBe(true);
    expect(Object.keys(builder.FUSES)).toHaveLength(FUSE_COUNT);
    for (const [name, value] of Object.entries(builder.FUSES)) {
      expect(config[FuseV1Options[name as keyof typeof FuseV1Options]], name).toBe(value);
    }
    expect(builder.fuseConfig('darwin').resetAdHocDarwinSignature).toBe(true);
  });

  it('afterPack flips them in the packaged executable (an Electron 45 default fuse wire)', async () => {
    const appOutDir = mkdtempSync(join(tmpdir(), 'after-pack-'));
    const executable = join(appOutDir, 'msp-operator-console');
    // Electron's defaults: RunAsNode, NodeOptions, CliInspect, GrantFileProtocol, WasmTrap on.
    const defaults = Buffer.from('101100011');
    writeFileSync(
      executable,
      Buffer.concat([Buffer.alloc(1000, 7), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, defaults.length]), defaults, Buffer.alloc(64)]),
    );
    chmodSync(executable, 0o755);
    await builder.default.afterPack({
      appOutDir,
      electronPlatformName: 'linux',
      packager: { executableName: 'msp-operator-console', appInfo: { productFilename: 'MSP Operator Console' } },
    });
    const wire = await getCurrentFuseWire(executable);
    for (const [name, value] of Object.entries(builder.FUSES)) {
      const state = wire[FuseV1Options[name as keyof typeof FuseV1Options]];
      expect(state, name).toBe(value ? 49 : 48); // '1' / '0'
    }
  });

  it('refuses an Electron whose fuse wire has a fuse this config does not decide', async () => {
    const appOutDir = mkdtempSync(join(tmpdir(), 'after-pack-'));
    const executable = join(appOutDir, 'msp-operator-console');
    const longer = Buffer.from('1011000111');
    writeFileSync(executable, Buffer.concat([Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, longer.length]), longer]));
    await expect(
      builder.default.afterPack({ appOutDir, electronPlatformName: 'linux', packager: { executableName: 'msp-operator-console' } }),
    ).rejects.toThrow(/strictlyRequireAllFuses/);
  });
});

describe('app.asar', () => {
  it('unpacks better-sqlite3’s native binaries (a .node cannot be loaded from inside an asar)', () => {
    expect(builder.default.asar).toBe(true);
    expect(builder.default.asarUnpack).toContain('**/node_modules/better-sqlite3/**/*.node');
    for (const binary of ['linux-x64', 'win32-x64', 'darwin-arm64']) {
      const path = `/app/node_modules/better-sqlite3/prebuilds/${binary}.node`;
      expect(builder.default.asarUnpack.some((rule) => matchesGlob(path, rule)), path).toBe(true);
      expect(existsSync(join(projectDir, `node_modules/better-sqlite3/prebuilds/${binary}.node`))).toBe(true);
    }
    // The N-API prebuilds load in Electron as they are; a rebuild would need Electron's headers.
    expect(builder.default.npmRebuild).toBe(false);
  });

  it('packs the built app and the window icon, not the sources', () => {
    expect(builder.default.files).toEqual(expect.arrayContaining(['out/**', 'package.json', 'resources/icons/256x256.png']));
    expect(builder.default.files.some((f) => /^(electron|renderer|shared|test)\//.test(f))).toBe(false);
  });
});

describe('targets and icons', () => {
  it('AppImage + deb, NSIS, dmg, each with its icon from resources/', () => {
    expect(builder.default.linux.target).toEqual(['AppImage', 'deb']);
    expect(builder.default.win.target).toEqual(['nsis']);
    expect(builder.default.mac.target).toEqual(['dmg']);
    for (const icon of [builder.default.win.icon, builder.default.mac.icon, builder.default.linux.icon]) {
      expect(existsSync(join(projectDir, icon)), icon).toBe(true);
    }
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(existsSync(join(projectDir, `resources/icons/${size}x${size}.png`))).toBe(true);
    }
  });

  it('the checked-in PNG, ICO and ICNS files are what resources/icon.svg renders to now', () => {
    const check = spawnSync(process.execPath, [join(projectDir, 'scripts/icons.mjs'), '--check'], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
  }, 60_000);

  it('the Linux desktop entry comes from resources/linux', () => {
    expect(builder.default.linux.desktop.entry).toMatchObject({
      Name: 'MSP Operator Console',
      Categories: 'Office;Finance;',
      StartupWMClass: 'msp-operator-console',
    });
    expect(builder.default.linux.desktop.entry).not.toHaveProperty('Exec');
  });
});

