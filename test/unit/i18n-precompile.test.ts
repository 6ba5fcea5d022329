// The production build compiles every message at build time (scripts/i18n-precompile.ts) and ships
// vue-i18n's runtime-only build; dev mode and the other tests use the JIT compiler. Here every key of
// every locale is rendered both ways, from the real message files put together as the build does.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createI18n as createJitI18n } from 'vue-i18n';
import type * as VueI18n from 'vue-i18n';
import { MESSAGE_FILE, VUE_I18N_RUNTIME, compileMessage, precompileMessages } from '../../scripts/i18n-precompile';

const SOURCE = resolve(import.meta.dirname, '../../renderer/src/i18n');
const LOCALES = ['en', 'nl', 'fr'] as const;
type Tree = { [key: string]: unknown };
/** `t` with the message trees untyped (their schema would only slow the type-check down). */
type Translate = (key: string, ...args: unknown[]) => string;

/** Messages that use vue-i18n's syntax beyond {placeholders} (none of ours do yet; a later one may). */
const SYNTAX = `export default {
  samples: {
    named: 'Hello {name}, you owe {amount}.',
    list: 'First {0}, then {1}.',
    literal: "mail{'@'}example.com {'{'}braces{'}'}",
    plural: 'no orders | one order | {count} orders',
    pluralNamed: '{n} link | {n} links',
    linked: '@:samples.named Thanks.',
    linkedModifier: 'Go: @.upper:samples.word',
    word: 'next',
    spaces: '  two  spaces and a line\\nbreak ',
    template: \`a template literal {name}\`,
  },
};
`;

let dir = '';
const compiled: Record<string, Tree> = {};
const source: Record<string, Tree> = {};

beforeAll(async () => {
  // A copy of renderer/src/i18n with each domain file transformed as the build transforms it.
  mkdirSync(resolve(import.meta.dirname, '../artifacts'), { recursive: true });
  dir = mkdtempSync(resolve(import.meta.dirname, '../artifacts/i18n-precompiled-'));
  copyFileSync(join(SOURCE, 'join.ts'), join(dir, 'join.ts'));
  for (const locale of LOCALES) {
    mkdirSync(join(dir, locale));
    for (const name of readdirSync(join(SOURCE, locale))) {
      const file = join(SOURCE, locale, name);
      const code = readFileSync(file, 'utf8');
      expect(MESSAGE_FILE.test(file), file).toBe(name !== 'index.ts');
      writeFileSync(join(dir, locale, name), MESSAGE_FILE.test(file) ? precompileMessages(code, file) : code);
    }
    compiled[locale] = ((await import(pathToFileURL(join(dir, locale, 'index.ts')).href)) as { default: Tree }).default;
    source[locale] = ((await import(pathToFileURL(join(SOURCE, locale, 'index.ts')).href)) as { default: Tree }).default;
  }
  writeFileSync(join(dir, 'samples.ts'), precompileMessages(SYNTAX, join(dir, 'samples.ts')));
  compiled.samples = ((await import(pathToFileURL(join(dir, 'samples.ts')).href)) as { default: Tree }).default;
  writeFileSync(join(dir, 'samples-source.ts'), SYNTAX);
  source.samples = ((await import(pathToFileURL(join(dir, 'samples-source.ts')).href)) as { default: Tree }).default;
});

afterEach(() => vi.restoreAllMocks());

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function leaves(tree: Tree, prefix = ''): Array<[string, unknown]> {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? leaves(value as Tree, `${prefix}${key}.`) : [[`${prefix}${key}`, value] as [string, unknown]],
  );
}

/** vue-i18n's runtime-only build (what the renderer build aliases `vue-i18n` to), told to refuse any compiling. */
async function runtimeI18n(messages: Record<string, Tree>, locale: string) {
  const runtime = (await import(/* @vite-ignore */ VUE_I18N_RUNTIME)) as typeof VueI18n;
  const compiledAtRunTime: string[] = [];
  // vue-i18n calls a custom compiler experimental, once; any other warning fails the test.
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const i18n = runtime.createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: messages as never, // untyped trees: no message schema to infer
    messageCompiler: (message) => {
      compiledAtRunTime.push(String(message));
      return () => '';
    },
  });
  const { t } = i18n.global as unknown as { t: Translate };
  const warnings = () => warn.mock.calls.map((call) => String(call[0])).filter((text) => !/Custom Message Compiler/.test(text));
  return { t, compiledAtRunTime, warnings };
}

function jitI18n(messages: Record<string, Tree>, locale: string) {
  const i18n = createJitI18n({ legacy: false, locale, fallbackLocale: 'en', messages: messages as never });
  return (i18n.global as unknown as { t: Translate }).t;
}

/** Every way a message may be called: with its named and list parameters, and for plurals with several counts. */
function calls(text: string): unknown[][] {
  const names = [...text.matchAll(/\{\s*([A-Za-z_]\w*)\s*\}/g)].map((m) => m[1]!);
  const named = Object.fromEntries(names.map((name) => [name, `<${name}>`]));
  const list = ['<first>', '<second>'];
  const out: unknown[][] = [[named], [list]];
  if (text.includes('|')) for (const n of [0, 1, 2, 7]) out.push([n, { ...named, count: n, n }]);
  return out;
}

describe('messages compiled at build time', () => {
  it('leave no string to compile at run time: every message is a function', () => {
    for (const locale of LOCALES) {
      const kinds = new Set(leaves(compiled[locale]!).map(([, value]) => typeof value));
      expect([...kinds], locale).toEqual(['function']);
      expect(leaves(compiled[locale]!).map(([key]) => key)).toEqual(leaves(source[locale]!).map(([key]) => key));
    }
  });

  it('render every key of every locale exactly as the JIT compiler does', async () => {
    const messages = { en: compiled.en!, nl: compiled.nl!, fr: compiled.fr! };
    const sourceMessages = { en: source.en!, nl: source.nl!, fr: source.fr! };
    let checked = 0;
    for (const locale of LOCALES) {
      const runtime = await runtimeI18n(messages, locale);
      const jit = jitI18n(sourceMessages, locale);
      for (const [key, text] of leaves(source[locale]!)) {
        for (const args of calls(text as string)) {
          const expected = jit(key, ...args);
          expect(expected, `${locale}: ${key}`).not.toBe(key);
          expect(runtime.t(key, ...args), `${locale}: ${key} ${JSON.stringify(args)}`).toBe(expected);
          checked++;
        }
      }
      expect(runtime.compiledAtRunTime, locale).toEqual([]);
      expect(runtime.warnings(), locale).toEqual([]);
    }
    expect(checked).toBeGreaterThan(3 * 700);
  });

  it('render named, list, literal, plural and linked messages as the JIT compiler does', async () => {
    const runtime = await runtimeI18n({ en: compiled.samples! }, 'en');
    const jit = jitI18n({ en: source.samples! }, 'en');
    const seen: Record<string, string> = {};
    for (const [key, text] of leaves(source.samples!)) {
      for (const args of calls(text as string)) {
        const expected = jit(key, ...args);
        expect(runtime.t(key, ...args), `${key} ${JSON.stringify(args)}`).toBe(expected);
        seen[`${key} ${JSON.stringify(args[0])}`] = expected;
      }
    }
    expect(runtime.compiledAtRunTime).toEqual([]);
    expect(runtime.warnings()).toEqual([]);
    // The JIT side really used the syntax (so the comparison above is not between two copies of the source).
    expect(seen['samples.literal {}']).toBe('mail@example.com {braces}');
    expect(seen['samples.plural 7']).toBe('7 orders');
    expect(seen['samples.plural 1']).toBe('one order');
    expect(seen['samples.linkedModifier {}']).toBe('Go: NEXT');
    expect(seen['samples.list ["<first>","<second>"]']).toBe('First <first>, then <second>.');
  });

  it('refuse a message vue-i18n cannot parse, and anything but nested objects of strings, naming the key', () => {
    expect(() => compileMessage('Hello {name', 'x.ts: greeting')).toThrow(/x\.ts: greeting/);
    expect(() => precompileMessages("export default { a: { b: 'ok', c: 1 + 1 } };", 'y.ts')).toThrow(/y\.ts: a\.c is neither/);
    expect(() => precompileMessages("const extra = {}; export default { ...extra };", 'z.ts')).toThrow(/z\.ts: \(top\) has a member/);
    expect(() => precompileMessages('export default makeMessages();', 'w.ts')).toThrow(/w\.ts: the default export/);
  });
});
