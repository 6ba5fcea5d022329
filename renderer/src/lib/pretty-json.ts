/**
 * Lossless JSON pretty-printing. JSON.parse + JSON.stringify would round
 * numbers beyond 2^53 (MultiSafepay transaction ids have 16–17 digits), so we
 * only re-indent the text: walk it once, copy every token exactly as written,
 * and add newlines and indentation outside string literals.
 */

/** True when `text` is valid JSON (checked by JSON.parse; its result is thrown away). */
export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Re-indent JSON text without changing a single token. Assumes valid JSON (see `prettyOrRaw`). */
export function indentJson(text: string, indent = '  '): string {
  let out = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  const newline = () => '\n' + indent.repeat(depth);

  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    switch (ch) {
      case '"':
        inString = true;
        out += ch;
        break;
      case '{':
      case '[': {
        const close = ch === '{' ? '}' : ']';
        const next = nextSignificant(text, i + 1);
        if (next !== -1 && text[next] === close) {
          out += ch + close; // keep empty containers on one line: {} and []
          i = next;
        } else {
          depth++;
          out += ch + newline();
        }
        break;
      }
      case '}':
      case ']':
        depth = Math.max(0, depth - 1);
        out += newline() + ch;
        break;
      case ',':
        out += ',' + newline();
        break;
      case ':':
        out += ': ';
        break;
      case ' ':
      case '\t':
      case '\n':
      case '\r':
        break; // insignificant whitespace between tokens
      default:
        out += ch; // digits, signs, exponents, true/false/null: copied as is
    }
  }
  return out;
}

function nextSignificant(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r') return i;
  }
  return -1;
}

/** Pretty JSON when `text` is JSON, otherwise `text` unchanged. */
export function prettyOrRaw(text: string): string {
  return isJson(text) ? indentJson(text) : text;
}
