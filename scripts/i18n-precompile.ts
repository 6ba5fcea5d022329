/**
 * Compiles the renderer's messages at build time, so the production bundle ships vue-i18n's
 * runtime-only build (no message compiler) and start-up compiles nothing.
 *
 * The messages stay TypeScript modules (renderer/src/i18n/<locale>/<domain>.ts: a plain object of
 * strings, nl and fr typed against en with `satisfies`). @intlify/unplugin-vue-i18n precompiles
 * JS/TS resources only when the default export is an object literal, and the en files export a
 * `const` (their type is `typeof` it), so this small plugin does the same thing itself: every string
 * in the message object becomes the arrow function @intlify/message-compiler generates for it (what
 * unplugin-vue-i18n emits too). The functions are ordinary bundled code: nothing is evaluated at run
 * time, so the app's CSP (no unsafe-eval) holds. Dev mode and the tests keep vue-i18n's JIT compiler;
 * test/unit/i18n-precompile.test.ts renders every key both ways and compares.
 */
import { baseCompile } from '@intlify/message-compiler';
import { parseAst } from 'vite';
import type { Plugin } from 'vite';

/** vue-i18n without its message compiler: what the renderer build resolves `vue-i18n` to. */
export const VUE_I18N_RUNTIME = 'vue-i18n/dist/vue-i18n.runtime.esm-bundler.js';

/** A domain file of a locale (not the locale's index.ts, which only joins them). */
export const MESSAGE_FILE = /[\\/]renderer[\\/]src[\\/]i18n[\\/](?:en|nl|fr)[\\/](?!index\.ts$)[^\\/]+\.ts$/;

/** The little of the ESTree nodes this walk reads. */
interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** One message to code: the arrow function vue-i18n would otherwise build at run time. */
export function compileMessage(source: string, where: string): string {
  const errors: string[] = [];
  const { code } = baseCompile(source, { mode: 'arrow', onError: (error) => errors.push(error.message) });
  if (errors.length > 0) throw new Error(`${where}: ${errors.join('; ')} in ${JSON.stringify(source)}`);
  return code;
}

/** `x satisfies T` / `x as T` → x. */
function unwrap(node: Node): Node {
  return node.type === 'TSSatisfiesExpression' || node.type === 'TSAsExpression' || node.type === 'ParenthesizedExpression'
    ? unwrap(node.expression as Node)
    : node;
}

/** The object the module exports: `export default {…} satisfies T`, or `const x = {…}; export default x`. */
function messageObject(program: Node, file: string): Node {
  const body = program.body as Node[];
  const exported = body.find((n) => n.type === 'ExportDefaultDeclaration');
  const value = exported && unwrap(exported.declaration as Node);
  if (value?.type === 'ObjectExpression') return value;
  if (value?.type === 'Identifier') {
    for (const statement of body) {
      if (statement.type !== 'VariableDeclaration') continue;
      for (const declarator of statement.declarations as Node[]) {
        const id = declarator.id as Node;
        const init = declarator.init ? unwrap(declarator.init as Node) : undefined;
        if (id.type === 'Identifier' && id.name === value.name && init?.type === 'ObjectExpression') return init;
      }
    }
  }
  throw new Error(`${file}: the default export must be an object of messages (or a const holding one)`);
}

/**
 * The module's source with each message string replaced by its compiled function; anything but
 * nested objects of strings (a spread, a computed key, a function) fails the build with its path.
 */
export function precompileMessages(code: string, file: string): string {
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const walk = (object: Node, path: string) => {
    for (const property of object.properties as Node[]) {
      const key = property.key as Node | undefined;
      const name = key?.type === 'Identifier' ? key.name : key?.type === 'Literal' ? key.value : undefined;
      if (property.type !== 'Property' || property.computed || typeof name !== 'string') {
        throw new Error(`${file}: ${path || '(top)'} has a member that is not a plain key`);
      }
      const where = `${file}: ${path}${name}`;
      const value = unwrap(property.value as Node);
      if (value.type === 'ObjectExpression') walk(value, `${path}${name}.`);
      else if (value.type === 'Literal' && typeof value.value === 'string') {
        edits.push({ start: value.start, end: value.end, text: compileMessage(value.value, where) });
      } else if (value.type === 'TemplateLiteral' && (value.expressions as Node[]).length === 0) {
        const [quasi] = value.quasis as Array<{ value: { cooked: string } }>;
        edits.push({ start: value.start, end: value.end, text: compileMessage(quasi!.value.cooked, where) });
      } else throw new Error(`${where} is neither a string nor an object of messages`);
    }
  };
  walk(messageObject(parseAst(code, { lang: 'ts' }) as unknown as Node, file), '');
  let out = code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/** Production build only: dev mode and the tests keep the JIT compiler (and the full vue-i18n). */
export function i18nPrecompile(): Plugin {
  return {
    name: 'msp:i18n-precompile',
    apply: 'build',
    enforce: 'pre',
    config: () => ({
      resolve: { alias: [{ find: /^vue-i18n$/, replacement: VUE_I18N_RUNTIME }] },
      // In vue-i18n 11 the runtime build still registers the compiler; this flag is what leaves it out.
      define: { __INTLIFY_DROP_MESSAGE_COMPILER__: 'true' },
    }),
    transform(code, id) {
      return MESSAGE_FILE.test(id) ? { code: precompileMessages(code, id), map: null } : null;
    },
  };
}
