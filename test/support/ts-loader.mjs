// Lets a plain `node` child process run the project's TypeScript (for crash tests):
// Node strips/transforms the types; this hook adds the `.ts` our extensionless imports omit.
import { register } from 'node:module';

const hook = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (/^[./]/.test(specifier) && !/\\.[cm]?[jt]s$/.test(specifier)) return next(specifier + '.ts', context);
    throw error;
  }
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
