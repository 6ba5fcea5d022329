/**
 * Resolves in a new task after the browser has had its chance to paint (the next frame, then a
 * task): start-up work split this way lets the page paint early and keeps every task short.
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
}
