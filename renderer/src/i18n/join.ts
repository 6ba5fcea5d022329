/**
 * A locale's messages are one file per domain; domains may add keys under a shared top-level
 * group (`validation`, `history`…), so a locale's files are deep-merged, common first. Leaves are
 * strings, or in the production build the functions they were compiled to (scripts/i18n-precompile.ts).
 */
type Tree = { [key: string]: unknown };

function merge(base: Tree, extra: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] = isTree(value) && isTree(current) ? merge(current, value) : value;
  }
  return out;
}

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null;
}

export function join<T>(...domains: object[]): T {
  return domains.reduce<Tree>((all, domain) => merge(all, domain as Tree), {}) as T;
}
