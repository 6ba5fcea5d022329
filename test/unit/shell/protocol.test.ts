import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  SCHEME_PRIVILEGES,
  createRendererHandler,
} from '../../../electron/main/protocol';

// The handler must stay Electron-free (the browser harness reuses it): loading electron fails the file.
vi.mock('electron', () => {
  throw new Error('protocol.ts must not load electron at run time');
});

const SECRET = 'TOP-SECRET-OUTSIDE-ROOT';
const INDEX = '<!doctype html><script type="module" src="/assets/app.js"></script>';
let base: string;
let root: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'shell-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  mkdirSync(join(root, 'sub'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(root, 'assets', 'font.woff2'), 'w2');
  writeFileSync(join(root, 'assets', 'blob.xyz'), 'bytes');
  writeFileSync(join(root, '.env'), SECRET);
  // Beside the root: a secret file, and a sibling whose name merely starts with "renderer".
  writeFileSync(join(base, 'secret.txt'), SECRET);
  mkdirSync(join(base, 'renderer-evil'));
  writeFileSync(join(base, 'renderer-evil', 'secret.txt'), SECRET);
  symlinkSync(join(base, 'secret.txt'), join(root, 'link-out.txt'));
  symlinkSync(base, join(root, 'dir-out'));
  symlinkSync(join(base, 'renderer-evil', 'secret.txt'), join(root, 'sibling.txt'));
  symlinkSync(join(root, 'assets', 'app.js'), join(root, 'link-in.js'));
  handler = createRendererHandler(root);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, init?: RequestInit) => handler(new Request(url, init));

describe('scheme and policy', () => {
  it('registers app:// as standard, secure and fetch-capable, never bypassing CSP', () => {
    expect(SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, supportFetchAPI: true });
    expect(SCHEME_PRIVILEGES.bypassCSP).not.toBe(true);
  });

  it('the CSP allows only our own scripts and no network at all', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval|\*/);
  });
});

describe('serving the renderer', () => {
  it('serves index.html for / with the CSP and hardening headers', async () => {
    const response = await get('app://console/');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    expect(csp.split(';').find((d) => d.trim().startsWith('script-src'))).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it.each([
    ['/index.html', 'text/html; charset=utf-8'],
    ['/assets/app.js', 'text/javascript; charset=utf-8'],
    ['/assets/app.css', 'text/css; charset=utf-8'],
    ['/assets/logo.svg', 'image/svg+xml'],
    ['/assets/font.woff2', 'font/woff2'],
    ['/assets/blob.xyz', 'application/octet-stream'],
    ['/link-in.js', 'text/javascript; charset=utf-8'],
  ])('serves %s as %s, with the CSP and nosniff', async (path, type) => {
    const response = await get(`app://console${path}?v=1#x`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers HEAD with headers and no body', async () => {
    const response = await get('app://console/index.html', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(INDEX.length));
    expect(await response.text()).toBe('');
  });

  it('serves a root reached through a symlink', async () => {
    const linked = join(base, 'renderer-link');
    symlinkSync(root, linked);
    expect((await createRendererHandler(linked)(new Request('app://console/'))).status).toBe(200);
  });

  it('can be told the host of a loopback test server', async () => {
    const loopback = createRendererHandler(root, { host: '127.0.0.1:4173' });
    expect((await loopback(new Request('http://127.0.0.1:4173/'))).status).toBe(200);
    expect((await loopback(new Request('app://console/'))).status).toBe(403);
  });
});

describe('refusals', () => {
  async function expectRefused(response: Response, statuses: number[]) {
    expect(statuses).toContain(response.status);
    const body = await response.text();
    expect(body).not.toContain(SECRET);
    expect(body).not.toContain(base);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  }

  it.each([
    '/../secret.txt',
    '/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/%252e%252e%252fsecret.txt',
    '/..\\secret.txt',
    '/..%5csecret.txt',
    '/assets%5c..%5c..%5csecret.txt',
    '/%5c%5c..%5csecret.txt',
    '/../renderer-evil/secret.txt',
    '/%2e%2e/renderer-evil/secret.txt',
    '/link-out.txt',
    '/dir-out/secret.txt',
    '/dir-out/renderer-evil/secret.txt',
    '/sibling.txt',
    '/.env',
    '/%2eenv',
    '/index.html%00',
    '/index.html%00.js',
    '/%00/../secret.txt',
    '/C:%5csecret.txt',
    '/c:/secret.txt',
  ])('refuses %s and never returns the file outside root', async (path) => {
    await expectRefused(await get(`app://console${path}`), [400, 403, 404]);
  });

  it('refuses absolute paths, plain and encoded', async () => {
    const secretPath = join(base, 'secret.txt');
    await expectRefused(await get(`app://console/${secretPath}`), [403, 404]);
    await expectRefused(await get(`app://console/${encodeURIComponent(secretPath)}`), [403]);
    await expectRefused(await get(`app://console//${secretPath.slice(1)}`), [403]);
  });

  it('refuses malformed percent-encoding', async () => {
    await expectRefused(await get('app://console/%zz'), [400]);
    await expectRefused(await get('app://console/%E0%A4%A'), [400]);
  });

  it('answers 404 for missing files and for directories other than /', async () => {
    await expectRefused(await get('app://console/missing.js'), [404]);
    await expectRefused(await get('app://console/sub'), [404]);
    await expectRefused(await get('app://console/sub/'), [404]);
    await expectRefused(await get('app://console/assets/'), [404]);
  });

  it.each(['app://console.evil/index.html', 'app://evil/index.html', 'app://console:8080/index.html', 'app://CONSOLE2/'])(
    'refuses other hosts: %s',
    async (url) => {
      await expectRefused(await get(url), [403]);
    },
  );

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('refuses %s with 405', async (method) => {
    const response = await get('app://console/index.html', {
      method,
      ...(method === 'POST' || method === 'PUT' || method === 'PATCH' ? { body: 'x' } : {}),
    });
    await expectRefused(response, [405]);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 404 when the root itself does not exist', async () => {
    const missing = createRendererHandler(join(base, 'no-such-root'));
    await expectRefused(await missing(new Request('app://console/')), [404]);
  });
});
