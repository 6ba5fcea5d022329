// better-sqlite3 13 needs N-API 10 (Node >= 22); on Node 20 it segfaults instead of failing.
// Run tests through `npm test` / `npm run …`, which put the project's own Node 22 first on PATH.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  throw new Error(
    `Tests need Node >= 22 but this is ${process.version}. Run them with "npm test" ` +
      '(the project installs Node 22 as a dev dependency), not by calling vitest directly.',
  );
}
