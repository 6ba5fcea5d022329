// Lets a plain `node` child process run the project's TypeScript (for crash tests):
// Node strips/transforms the types; this hook adds the `.ts` our extensionless imports omit,
// and maps `@shared/x` to `shared/x` (the alias of tsconfig.json, electron.vite.config.ts, vitest.config.ts).
import { register } from 'node:module';

const shared = new URL('../../shared/', import.meta.url).href;

const hook = `
const SHARED = ${JSON.stringify(shared)};
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@shared/')) specifier = SHARED + specifier.slice('@shared/'.length);
  try {
    return await next(specifier, context);
  } catch (error) {
    if (/^(?:[./]|file:)/.test(specifier) && !/\\.[cm]?[jt]s$/.test(specifier)) return next(specifier + '.ts', context);
    throw error;
  }
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
