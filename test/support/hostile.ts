/**
 * fast-check generators for hostile text (issue 10): mixed scripts, every kind of
 * separator, invisible and bidi characters, lone surrogates, markup, card numbers
 * written in any digits and spelling, URL tricks. Each hostile generator says which
 * issue key the shared rules must answer with.
 */
import fc from 'fast-check';

/** Runs per property: modest for CI; `TEXT_PROPERTY_RUNS=20000 npx vitest run …` for a long manual run. */
export const RUNS = Number(process.env.TEXT_PROPERTY_RUNS ?? 300);
/** Main's path sends real requests to the demo server, so it runs fewer cases (same env var, divided). */
export const MAIN_RUNS = Math.max(50, Math.round(RUNS / 2));
/** Per-test timeout that grows with the size, so a long manual run is not cut off. */
export const PROPERTY_TIMEOUT_MS = Math.max(10_000, RUNS * 10);
export const MAIN_PROPERTY_TIMEOUT_MS = Math.max(20_000, MAIN_RUNS * 60);

const pick = (chars: string) => fc.constantFrom(...[...chars]);

/** Words people really type, in several scripts, with legitimate joiners and emoji sequences. */
export const word = fc.oneof(
  fc.constantFrom('Jan', 'Zoë', 'Øster', 'Łukasz', 'Şule', 'Nguyễn', 'O’Brien', 'Smit-de Wit', 'ßtraße', 'Ærø'),
  fc.constantFrom('Иван', 'Ελένη', 'محمد', 'می\u200cخواهم', 'שלום', '王小明', '𠮷野家', 'ශ්\u200dරී', 'क्\u200dष', 'ไทย', '한국어'),
  fc.constantFrom('👍', '👩\u200d💻', '👨\u200d👩\u200d👧', '❤\ufe0f', '🇳🇱', '1\ufe0f\u20e3', '🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}', '👍🏽'),
  fc.constantFrom('No.', '42', '#7', '(VIP)', 'A&B', '€12,50', '2026-11-30', 'x/y', '½', '™', '&'),
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzé'), minLength: 2, maxLength: 8 }),
);

/** A benign free text: words separated by single spaces (ASCII or no-break, normalised to a space). */
export const benignText = (maxWords = 4) =>
  fc
    .tuple(fc.array(word, { minLength: 1, maxLength: maxWords }), fc.array(fc.constantFrom(' ', '\u00a0', '\u202f'), { minLength: 4, maxLength: 4 }))
    .map(([words, spaces]) => words.reduce((out, w, i) => (i === 0 ? w : `${out}${spaces[i % 4]}${w}`), ''));

const INVISIBLES = [
  '\u200b', '\u2060', '\u00ad', '\ufeff', '\u180e', '\u3164', '\u2800', '\u034f', '\u115f', '\ufe00', '\u{e0001}', '\u{e0041}',
  '\u{e0020}', '\u2061', '\u2064', '\ufff9', '\u{1d173}', '\u{f8ff}', '\ufdd0', '\uffff',
];
export const invisibleChar = fc.constantFrom(...INVISIBLES);
export const bidiChar = pick('\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069');
export const controlChar = pick('\u0000\u0007\t\n\r\u000b\u000c\u001b\u007f\u0085\u009b\u2028\u2029');
export const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
export const markup = fc.constantFrom('<b>', '</i>', '<script>x</script>', '<', '>', 'a<b', '＜b＞', '﹤', '&lt;', '&#60;', '&#x3c;', '<!-- -->', '<img src=x onerror=alert(1)>');

/** A Luhn-valid number of 13–19 digits (ASCII). */
export const pan = fc
  .tuple(fc.integer({ min: 13, max: 19 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 18, maxLength: 18 }), fc.integer({ min: 3, max: 6 }))
  .map(([length, digits, first]) => {
    const body = [first, ...digits].slice(0, length - 1);
    let sum = 0;
    for (let i = 0; i < body.length; i++) {
      let d = body[body.length - 1 - i]!;
      if (i % 2 === 0) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    return [...body, (10 - (sum % 10)) % 10].join('');
  });

/** Zero of each decimal digit set a card number can be typed in (ASCII, full-width, Arabic-Indic, Persian, Devanagari, Bengali, Thai, math bold, …). */
const DIGIT_ZEROS = [0x30, 0xff10, 0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0x1d7ce, 0x1d7ec, 0x1040, 0xa620, 0x1e950];
/** Separators a card number is written with: spaces of every width, dashes, dots, slashes, invisibles. */
const CARD_SEPARATORS = [' ', '-', '.', '/', '_', '\u00a0', '\u2007', '\u2009', '\u202f', '\u3000', '\u2010', '\u2011', '\u2013', '\u2014', '\u2212', '\ufe63', '\uff0d', '·', '•', '\u200b', '\u00ad', ' - ', ', ', '\u2060'];

/** A card number in any digits, grouped with any separators: 4111 1111 1111 1111, ４１１１．１１１１…, ٤١١١/١١١١… */
export const disguisedCard = fc
  .tuple(pan, fc.constantFrom(...DIGIT_ZEROS), fc.constantFrom(...CARD_SEPARATORS), fc.constantFrom(0, 4, 5, 3))
  .map(([digits, zero, separator, groupSize]) => {
    const glyphs = [...digits].map((d) => String.fromCodePoint(zero + Number(d)));
    const groups: string[] = [];
    for (let i = 0; i < glyphs.length; i += groupSize || glyphs.length) groups.push(glyphs.slice(i, i + (groupSize || glyphs.length)).join(''));
    return groups.join(separator);
  });

/** One hostile piece and the issue key every free-text rule must answer with. */
export const hostilePiece: fc.Arbitrary<{ piece: string; key: string }> = fc.oneof(
  invisibleChar.map((piece) => ({ piece, key: 'validation.text.invisible' })),
  bidiChar.map((piece) => ({ piece, key: 'validation.text.control' })),
  controlChar.map((piece) => ({ piece, key: 'validation.text.control' })),
  loneSurrogate.map((piece) => ({ piece, key: 'validation.text.illFormed' })),
  markup.map((piece) => ({ piece, key: 'validation.text.html' })),
  // Invisible separators are refused as invisible before the card scanner is reached.
  disguisedCard.map((piece) => ({ piece: ` ${piece} `, key: /[\u200b\u00ad\u2060]/.test(piece) ? 'validation.text.invisible' : 'validation.text.cardNumber' })),
);

/**
 * A benign text with one hostile piece inside a word (never at an end, where trimming
 * could remove whitespace-class pieces). Short enough for every field's maximum.
 */
export const hostileText = fc
  .tuple(word, hostilePiece, word)
  .map(([before, { piece, key }, after]) => ({ text: `${before}${piece}${after}`, key }));

/** Text of nothing visible: spaces, invisible characters and a lone mark; a required field sees it as empty. */
export const blankText = fc
  .array(fc.oneof(invisibleChar, fc.constantFrom(' ', '\u00a0', '\u3000', '\u200b', '\u0301')), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(''))
  .filter((t) => t.trim() !== '');

/** A return URL with a hidden character somewhere `new URL()` would drop or encode. */
export const trickUrl = fc
  .tuple(
    fc.constantFrom('https://shop.example/thanks', 'https://shop.example/a/b?order=1#x', 'http://127.0.0.1:8080/back'),
    fc.constantFrom('\t', '\n', '\r', ' ', '\u00a0', '\u200b', '\u200e', '\u202e', '\u2028', '\u061c', '\u0000', '\u3000', '\ufeff', '\u{e0041}'),
    fc.nat(),
  )
  .map(([url, hidden, at]) => {
    const i = 9 + (at % (url.length - 9));
    return url.slice(0, i) + hidden + url.slice(i);
  });
