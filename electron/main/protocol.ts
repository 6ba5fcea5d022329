/**
 * Serves the built renderer from `app://console/…` instead of file://, so the UI gets a
 * real origin, a CSP header and no file-system privileges. The request handler is a
 * plain Request → Response function with no `electron` import: the browser end-to-end
 * harness serves the very same function over a loopback http server.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import type { Privileges } from 'electron';
import { APP_HOST } from '../services/platform/app-origin';

/**
 * standard: parsed like http (host, relative URLs, dot segments); secure: a secure
 * context; supportFetchAPI: module scripts load through it. Never bypassCSP.
 */
export const SCHEME_PRIVILEGES: Privileges = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  bypassCSP: false,
  allowServiceWorkers: false,
  corsEnabled: false,
  stream: false,
  codeCache: true,
  allowExtensions: false,
};

/** The renderer talks to nothing but its own files; main does all networking. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(path: string): string {
  // Unknown types go out as opaque bytes; with nosniff the page cannot run them as script.
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function securityHeaders(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
  });
}

/** Refusals carry a fixed word and never any file contents or paths. */
function refuse(status: 400 | 403 | 404 | 405, method: string): Response {
  const text = { 400: 'Bad request', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed' }[status];
  const headers = securityHeaders('text/plain; charset=utf-8');
  if (status === 405) headers.set('Allow', 'GET, HEAD');
  return new Response(method === 'HEAD' ? null : text, { status, headers });
}

/**
 * Decoded path segments of a URL pathname, or a refusal status. Each segment is decoded on
 * its own so `%2f` cannot smuggle a separator; anything that could change directory or
 * name a hidden/absolute/drive path is refused outright instead of being "cleaned".
 */
function segmentsOf(pathname: string): string[] | 400 | 403 {
  const raw = pathname.split('/').slice(1); // pathname always starts with '/'
  const segments: string[] = [];
  for (const [i, part] of raw.entries()) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return 400;
    }
    if (segment === '') {
      if (i === raw.length - 1) break; // trailing slash: a directory request
      return 403; // `//x`: an absolute path in disguise
    }
    if (/[/\\\0:]/.test(segment) || segment.startsWith('.')) return 403;
    segments.push(segment);
  }
  return segments;
}

function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * A handler for `protocol.handle(APP_SCHEME, …)`: GET/HEAD of files under `rootDir` on host
 * `console` only. `/` is index.html; other directories are 404 (no listings, no SPA fallback).
 * `options.host` lets the loopback test server pass its own `127.0.0.1:port`.
 */
export function createRendererHandler(
  rootDir: string,
  options: { host?: string } = {},
): (request: Request) => Promise<Response> {
  const host = options.host ?? APP_HOST;

  return async (request) => {
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return refuse(405, method);

    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(400, method);
    }
    if (url.host !== host || url.username !== '' || url.password !== '') return refuse(403, method);

    const segments = segmentsOf(url.pathname);
    if (typeof segments === 'number') return refuse(segments, method);
    if (segments.length === 0) segments.push('index.html');

    try {
      const root = await realpath(rootDir);
      // realpath resolves every symlink on the way: a link pointing out of root is caught here.
      const file = await realpath(join(root, ...segments));
      if (!isInside(file, root)) return refuse(403, method);
      const info = await stat(file);
      if (!info.isFile()) return refuse(404, method);
      const headers = securityHeaders(contentTypeOf(file));
      if (method === 'HEAD') {
        headers.set('Content-Length', String(info.size));
        return new Response(null, { status: 200, headers });
      }
      const body = await readFile(file);
      headers.set('Content-Length', String(body.byteLength));
      return new Response(body, { status: 200, headers });
    } catch {
      // Missing file, missing root, unreadable entry: all the same 404 to the page.
      return refuse(404, method);
    }
  };
}
