#!/usr/bin/env node
/**
 * Doyensec Electronegativity over the built main and preload (out/main, out/preload), as a gate:
 * it fails on any HIGH or MEDIUM finding that .electronegativity-allow.json does not justify.
 *
 * Electronegativity always exits 0 and only prints a table, so its findings are taken from its
 * runner (the same function its CLI calls; the CLI of 1.10.3 itself no longer starts: it requires
 * an undeclared `commander` and breaks on the v5+ API) and written as SARIF to
 * test/artifacts/reports/. Its two online look-ups (translations and Electron's release list,
 * both from GitHub) are made to fail at once, so the scan never leaves this machine; the
 * Electron version comes from node_modules/electron.
 *
 * Needs `npm run build` first. Allow entries: { "id": "CHECK_ID", "file": "main/index.js", "reason": "…" }
 * (file relative to out/; every entry needs a reason; unused entries are reported).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const projectDir = resolve(import.meta.dirname, '..');
const outDir = join(projectDir, 'out');
const reportDir = join(projectDir, 'test/artifacts/reports');
const allowFile = join(projectDir, '.electronegativity-allow.json');
const GATED = new Set(['HIGH', 'MEDIUM']);

// Offline: the `got` electronegativity loads is replaced by one that fails immediately.
const packageDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const gotPath = createRequire(join(packageDir, 'dist/index.js')).resolve('got');
const offline = () => Promise.reject(new Error('offline: electronegativity look-ups are disabled'));
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(offline, { default: offline, get: offline }) };

const run = require(join(packageDir, 'dist/runner.js'));
const electronVersion = require('electron/package.json').version;

for (const part of ['main', 'preload']) {
  if (!existsSync(join(outDir, part))) {
    console.error(`electronegativity: out/${part} is missing; run \`npm run build\` first.`);
    process.exit(1);
  }
}

const allow = JSON.parse(readFileSync(allowFile, 'utf8'));
for (const entry of allow) {
  if (!entry.id || !entry.file || typeof entry.reason !== 'string' || entry.reason.trim().length < 20) {
    console.error(`electronegativity: every entry of .electronegativity-allow.json needs id, file and a real reason: ${JSON.stringify(entry)}`);
    process.exit(1);
  }
}

mkdirSync(reportDir, { recursive: true });
// Quiet the tool's own warnings (e.g. "could not fetch") unless asked for.
const log = console.log;
const warn = console.warn;
const findings = [];
let checks = 0;
for (const part of ['main', 'preload']) {
  if (!process.env.ELECTRONEGATIVITY_VERBOSE) console.log = console.warn = () => {};
  let result;
  try {
    result = await run({
      input: join(outDir, part),
      output: join(reportDir, `electronegativity-${part}.sarif`),
      isSarif: true,
      customScan: [],
      excludeFromScan: [],
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: false,
      isVerbose: false,
      electronUpgrade: undefined,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    });
  } finally {
    console.log = log;
    console.warn = warn;
  }
  checks = result.globalChecks + result.atomicChecks;
  for (const error of result.errors ?? []) console.error(`electronegativity: could not scan ${error.file ?? ''}: ${error.message ?? error}`);
  if ((result.errors ?? []).length > 0) process.exit(1);
  for (const issue of result.issues) {
    findings.push({
      id: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      // Global checks report no file ("N/A"): they are about the whole scanned part.
      file: isAbsolute(issue.file) ? relative(outDir, issue.file).split('\\').join('/') : `${part}/(global)`,
      line: issue.location?.line,
      manualReview: Boolean(issue.manualReview),
    });
  }
}

const used = new Set();
const blocking = [];
const counts = {};
for (const f of findings) {
  const entry = allow.findIndex((a) => a.id === f.id && a.file === f.file);
  const allowed = entry >= 0;
  if (allowed) used.add(entry);
  const key = `${f.severity}${allowed ? ' (allowed)' : ''}`;
  counts[key] = (counts[key] ?? 0) + 1;
  if (GATED.has(f.severity) && !allowed) blocking.push(f);
}

console.log(`electronegativity ${require(join(packageDir, 'package.json')).version}: ${checks} checks over out/main and out/preload (Electron ${electronVersion})`);
const order = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];
console.log(
  `  findings: ${findings.length} — ` +
    (order.flatMap((s) => [s, `${s} (allowed)`]).filter((k) => counts[k]).map((k) => `${counts[k]} ${k}`).join(', ') || 'none'),
);
for (const f of findings) {
  const entry = allow.find((a) => a.id === f.id && a.file === f.file);
  console.log(`  ${f.severity.padEnd(13)} ${f.id.padEnd(40)} out/${f.file}:${f.line ?? '?'}${entry ? '  (allowed, see .electronegativity-allow.json)' : ''}`);
}
allow.forEach((entry, i) => {
  if (!used.has(i)) console.log(`  note: allow entry ${entry.id} in ${entry.file} matched nothing (remove it?)`);
});
if (blocking.length > 0) {
  console.error(`electronegativity: ${blocking.length} HIGH/MEDIUM finding(s) not justified in .electronegativity-allow.json`);
  process.exit(1);
}
console.log(`electronegativity: ok (0 unjustified HIGH/MEDIUM; SARIF in test/artifacts/reports/)`);
