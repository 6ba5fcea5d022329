/**
 * The privileged scheme the renderer is served from (not file://), its origin, and the one rule
 * for "this is our console's top frame": the IPC gate (services) and the window's navigation locks
 * (electron/main) both call `isConsoleFrame`, so what may call main and where the window may go
 * cannot drift apart.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** A frame as the rule sees it: its URL as reported, and whether it is the top frame. */
export interface FrameRef {
  url: string;
  isMainFrame: boolean;
}

// C0 controls, space, DEL and C1 controls: the URL parser strips or re-encodes them silently.
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f]/;

/**
 * True when `raw` is exactly a URL of `origin` (default app://console): same scheme, host and port
 * (none for app://), no user info, and the raw text already in its parsed, normalised form, so no
 * whitespace, controls, upper case, percent-escapes in the host or other spellings the parser would
 * tidy up. Parsed, never a prefix test: `app://console.evil` and `app://user@console/` fail.
 */
export function isConsoleUrl(raw: unknown, origin: string = APP_ORIGIN): boolean {
  if (typeof raw !== 'string' || raw === '' || raw.length > 8192 || CONTROL_OR_SPACE.test(raw)) return false;
  try {
    const expected = new URL(origin);
    const url = new URL(raw);
    return (
      url.href === raw &&
      url.protocol === expected.protocol &&
      url.hostname === expected.hostname &&
      url.port === expected.port &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}

/** The console's own top frame: the only frame that may call main and the only place the window may go. */
export function isConsoleFrame(frame: FrameRef, origin: string = APP_ORIGIN): boolean {
  return frame.isMainFrame === true && isConsoleUrl(frame.url, origin);
}
