/**
 * What the checks of a hand-written JSON body need to see that the parsed value hides or
 * nests: every string leaf and every key with its path, and a scan of the text itself for
 * duplicate keys and numbers as written. body.ts applies the rules.
 */

export type JsonPath = (string | number)[];

/** Every string leaf of a JSON value with its path. */
export function* strings(value: unknown, path: JsonPath = []): Generator<[JsonPath, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* strings(value[i], [...path, i]);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) yield* strings(child, [...path, key]);
  }
}

/** Every key of a JSON value with its path. */
export function* keys(value: unknown, path: JsonPath = []): Generator<[JsonPath, string]> {
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* keys(value[i], [...path, i]);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      yield [[...path, key], key];
      yield* keys(child, [...path, key]);
    }
  }
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * What the parsed value no longer shows, read from a JSON text JSON.parse accepted:
 * the first key that appears twice in one object (compared decoded: `"amount"` and
 * `"am\u006funt"` are the same key), and every number as written (JSON.parse rounds a
 * 19-digit number, the lossless parser keeps it: the text is what both agree on).
 */
export function scanJson(text: string): { duplicate: { path: JsonPath; key: string } | null; numbers: { path: JsonPath; literal: string }[] } {
  type Frame = { keys: Set<string> | null; path: JsonPath; index: number; pending: string };
  const stack: Frame[] = [];
  const numbers: { path: JsonPath; literal: string }[] = [];
  const here = (): JsonPath => {
    const frame = stack.at(-1);
    if (!frame) return [];
    return frame.keys ? [...frame.path, frame.pending] : [...frame.path, frame.index];
  };
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const frame = stack.at(-1);
      if (expectKey && frame?.keys) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (frame.keys.has(key)) return { duplicate: { path: [...frame.path, key], key }, numbers };
        frame.keys.add(key);
        frame.pending = key;
        expectKey = false;
      }
      i = end;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      NUMBER.lastIndex = i;
      const literal = NUMBER.exec(text)![0];
      numbers.push({ path: here(), literal });
      i += literal.length - 1;
    } else if (ch === '{' || ch === '[') {
      stack.push({ keys: ch === '{' ? new Set() : null, path: here(), index: 0, pending: '' });
      expectKey = ch === '{';
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      const frame = stack.at(-1);
      if (frame?.keys) expectKey = true;
      else if (frame) frame.index++;
    }
  }
  return { duplicate: null, numbers };
}

/** The first duplicate key of a JSON text JSON.parse accepted, with its path, or null. */
export const duplicateKey = (text: string) => scanJson(text).duplicate;
