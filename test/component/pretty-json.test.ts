import { describe, expect, it } from 'vitest';
import { indentJson, isJson, prettyOrRaw } from '../../renderer/src/lib/pretty-json';

describe('pretty-json', () => {
  it('keeps 17-digit numbers exact, also where JSON.parse would round them', () => {
    // 17472052901237123 is not a double: JSON.parse turns it into ...124.
    const odd = '{"transaction_id":17472052901237123}';
    expect(JSON.stringify(JSON.parse(odd))).not.toContain('17472052901237123');
    expect(prettyOrRaw(odd)).toBe('{\n  "transaction_id": 17472052901237123\n}');

    const raw = '{"data":{"transaction_id":17472052901237122,"amount":1000}}';
    const pretty = prettyOrRaw(raw);
    expect(pretty).toContain('"transaction_id": 17472052901237122');
    expect(pretty).toBe(
      '{\n  "data": {\n    "transaction_id": 17472052901237122,\n    "amount": 1000\n  }\n}',
    );
  });

  it('indents like JSON.stringify(value, null, 2) for ordinary JSON', () => {
    const value = {
      success: true,
      data: { order_id: 'a', list: [1, 2.5, -3e-7, null, false], empty: {}, none: [], nested: [{ a: 1 }] },
    };
    expect(indentJson(JSON.stringify(value))).toBe(JSON.stringify(value, null, 2));
  });

  it('leaves string contents alone: braces, commas, colons, escaped quotes, spaces', () => {
    const raw = '{ "text" : "a {b}, [c]: \\"d\\" \\\\",  "x":[ ] }';
    const pretty = indentJson(raw);
    expect(pretty).toBe('{\n  "text": "a {b}, [c]: \\"d\\" \\\\",\n  "x": []\n}');
    expect(JSON.parse(pretty)).toEqual(JSON.parse(raw));
  });

  it('re-indents already pretty JSON the same way', () => {
    const raw = '{\r\n\t"a": [\n 1,\n 2\n ]\n}';
    expect(indentJson(raw)).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
  });

  it('returns text that is not JSON unchanged', () => {
    expect(isJson('<html>502</html>')).toBe(false);
    expect(prettyOrRaw('<html>502</html>')).toBe('<html>502</html>');
    expect(prettyOrRaw('')).toBe('');
    expect(prettyOrRaw('"just a string"')).toBe('"just a string"');
    expect(prettyOrRaw('42')).toBe('42');
  });
});
