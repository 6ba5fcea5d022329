/**
 * IPC payloads must be plain data before any schema sees them. Electron's structured clone
 * carries Map, Set, Date, typed arrays, cycles and more; zod reads a Map as an object with no
 * keys, so `customer: new Map(…)` would parse as "no customer" and the order would go out
 * without one. The gate refuses such payloads outright instead.
 */

/** Deeper than any contract input needs (the deepest is a few levels). */
export const MAX_DEPTH = 32;
/** Values visited at most: a 64 KiB JSON payload holds far fewer. */
export const MAX_NODES = 100_000;

// Keys that mean something to JavaScript objects rather than to us; no contract field uses them.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type PlainDataProblem = 'type' | 'key' | 'depth' | 'size' | 'cycle';

function isPlainContainer(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value)) return proto === Array.prototype;
  return proto === Object.prototype || proto === null;
}

/**
 * Why `input` is not plain data (JSON-like: null, boolean, finite-or-not number, string, undefined,
 * plain objects and arrays, with data properties only), or null when it is. Walks without
 * recursion, so deep nesting cannot overflow the stack.
 */
export function plainDataProblem(input: unknown): PlainDataProblem | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: input, depth: 0 }];
  const seen = new Set<object>();
  let nodes = 0;
  while (stack.length) {
    const { value, depth } = stack.pop()!;
    if (++nodes > MAX_NODES) return 'size';
    if (value === null || value === undefined) continue;
    const kind = typeof value;
    if (kind === 'string' || kind === 'number' || kind === 'boolean') continue;
    if (kind !== 'object') return 'type'; // function, symbol, bigint
    const object = value as object;
    if (!isPlainContainer(object)) return 'type';
    if (seen.has(object)) return 'cycle';
    seen.add(object);
    if (depth >= MAX_DEPTH) return 'depth';
    if (Object.getOwnPropertySymbols(object).length) return 'key';
    for (const key of Object.getOwnPropertyNames(object)) {
      if (FORBIDDEN_KEYS.has(key)) return 'key';
      const descriptor = Object.getOwnPropertyDescriptor(object, key)!;
      // Getters and setters (possible in-process, never from structured clone) would run code.
      if (!('value' in descriptor)) return 'type';
      if (Array.isArray(object) && key === 'length') continue;
      stack.push({ value: descriptor.value, depth: depth + 1 });
    }
  }
  return null;
}
