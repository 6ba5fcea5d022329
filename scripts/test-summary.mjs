// Last step of `npm test`: one plain closing line over every runner ("N passed, N failed"),
// from the JSON reports Vitest and Playwright wrote in this run.
import { readFileSync } from 'node:fs';

const read = (file) => JSON.parse(readFileSync(new URL(`../test/artifacts/reports/${file}`, import.meta.url), 'utf8'));
const unit = read('vitest.json');
const e2e = read('playwright.json').stats;

const passed = unit.numPassedTests + e2e.expected;
const failed = unit.numFailedTests + e2e.unexpected + e2e.flaky;
const skipped = unit.numPendingTests + unit.numTodoTests + e2e.skipped;
console.log(`unit+component: ${unit.numPassedTests} passed · e2e: ${e2e.expected} passed`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
