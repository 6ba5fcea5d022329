// Issue 14: the History list at 1024×768 and 1920×1080, with orders of every state and status,
// direct debits with IBANs and a long description. At either size: no sideways scroll in the
// list or the page, every column header inside the list, no order id, amount, date, IBAN or
// MultiSafepay status cut off; at 1920 the description gets the extra room. axe runs on each
// size in en/nl/fr, light and dark (the status badges' colours included) and writes
// test/artifacts/reports/axe-history-layout.json. Screenshots: history-layout-<width>-<lang>-<theme>.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { openDatabase } from '../../electron/services/storage/db';
import { createOrderStore } from '../../electron/services/orders/order-store';
import type { Outcome } from '../../electron/services/orders/order-store';
import type { LocalState } from '@shared/orders';
import { random, seedHistory, seededOrder } from '../support/history-seed';
import { expect, test } from './harness';
import type { ConsoleHarness } from './harness';

const REPORT = resolve(import.meta.dirname, '../artifacts/reports/axe-history-layout.json');
const LANGUAGES = ['en', 'nl', 'fr'] as const;
const THEMES = ['light', 'dark'] as const;
const LONG = 'Phone order 4711: espresso machine repair, descaling, two new seals, a replacement steam wand and delivery back to the shop';

/** A seeded history plus, newest, one order of every state and of the statuses the seed does not make. */
function seed(app: ConsoleHarness): void {
  const db = openDatabase(join(app.dataDir, 'console.sqlite3'));
  const store = createOrderStore(db);
  const start = Date.UTC(2025, 5, 2, 8);
  seedHistory(db, store, 150, { seed: 7, start, stepMs: 37 * 60_000 });
  const rnd = random(11);
  const extras: { state: LocalState; status?: string | null; iban?: string; description?: string }[] = [
    { state: 'created', status: 'completed', iban: 'NL91ABNA0417164300', description: LONG },
    { state: 'created', status: 'initialized' },
    { state: 'created', status: 'uncleared', iban: 'BE71096123456769' },
    { state: 'created', status: 'declined' },
    { state: 'created', status: 'expired' },
    { state: 'created', status: 'partial_refunded' },
    { state: 'created', status: 'refunded' },
    { state: 'created', status: 'chargedback', iban: 'DE89370400440532013000' },
    { state: 'created', status: null },
    { state: 'needs_review', status: 'initialized' },
    { state: 'unknown' },
    { state: 'rejected' },
    { state: 'not_sent' },
    { state: 'sending' },
  ];
  extras.forEach((extra, i) => {
    const { order, exchange } = seededOrder(1000 + i, rnd, { start: start + 200 * 37 * 60_000 - i * 60_000, stepMs: 0, environments: ['test'] });
    const iban = extra.iban ?? null;
    const row = store.insertIntent({
      ...order,
      description: extra.description ?? order.description,
      ...(iban ? { flow: 'directdebit', gateway: 'DIRDEB', type: 'direct', iban, accountHolderName: order.customerName, emandate: 'M-1' } : {}),
    });
    if (extra.state === 'sending') return;
    const outcome: Outcome =
      extra.state === 'created' || extra.state === 'needs_review'
        ? { state: extra.state, status: extra.status ?? null, financialStatus: extra.status ?? null, transactionId: String(20_000_000_000_000_000n + BigInt(i)), paymentUrl: null, problem: null }
        : { state: extra.state, problem: { code: extra.state, message: 'Seeded' } };
    store.settle(row, exchange, outcome, order.now + 100);
  });
  db.close();
}

/** The little of the DOM the measurement reads (the e2e code is type-checked without the DOM library). */
interface Box {
  left: number;
  right: number;
  width: number;
  bottom: number;
}
interface El {
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  getBoundingClientRect(): Box;
  querySelectorAll(selector: string): Iterable<El>;
}

/** What the list shows at the current size: overflow, headers and the essential cells. */
async function measure(page: Page) {
  return page.getByTestId('history-list').evaluate((node) => {
    const list = node as unknown as El;
    const root = (globalThis as unknown as { document: { documentElement: El } }).document.documentElement;
    const box = list.getBoundingClientRect();
    const right = box.left + list.clientWidth; // the inside edge, left of a vertical scrollbar
    const inside = (r: Box) => r.width > 0 && r.left >= box.left - 0.5 && r.right <= right + 0.5;
    const headers = [...list.querySelectorAll('[role="columnheader"]')].map((h) => ({ text: h.textContent!.trim(), inside: inside(h.getBoundingClientRect()) }));
    // Essential data must be whole: not ellipsised, not outside the list.
    const essential = '.order-id, [role="cell"].num, time, .tag, [data-testid="badge-elsewhere"], [data-testid="iban"], [data-testid="order-badge"][data-leads="status"]';
    const cut = [...list.querySelectorAll(`[data-testid="history-row"] :is(${essential})`)]
      .filter((el) => el.getBoundingClientRect().bottom <= box.bottom) // rows in view
      .filter((el) => el.scrollWidth > el.clientWidth + 0.5 || !inside(el.getBoundingClientRect()))
      .map((el) => el.textContent!.trim());
    const descriptions = [...list.querySelectorAll('[data-testid="history-description"]')].map((d) => d.getBoundingClientRect().width);
    return {
      listScroll: list.scrollWidth,
      listClient: list.clientWidth,
      pageScroll: root.scrollWidth,
      pageClient: root.clientWidth,
      headers,
      cut,
      descriptionPx: Math.max(...descriptions),
      ibanColumn: headers.some((h) => h.text === 'IBAN'),
    };
  });
}

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
];

const findings: { size: string; language: string; theme: string; rules: { id: string; impact: string | null; nodes: number; targets: string[] }[] }[] = [];

for (const size of SIZES) {
  test(`history at ${size.width}×${size.height}: no sideways scroll, every column in view, axe clean in every language and theme`, async ({ app, page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize(size);
    seed(app);
    await app.open();
    await page.keyboard.press('Alt+H');
    const rows = page.getByTestId('history-row');
    await expect(rows.first()).toContainText('Phone order 4711');

    for (const language of LANGUAGES) {
      await page.locator(`.lang-switch__button[lang="${language}"]`).click();
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      for (const theme of THEMES) {
        await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
        const m = await measure(page);
        const where = `${size.width}/${language}/${theme}`;
        expect(m.listScroll, `list scrolls sideways at ${where}`).toBeLessThanOrEqual(m.listClient);
        expect(m.pageScroll, `page scrolls sideways at ${where}`).toBeLessThanOrEqual(m.pageClient);
        expect(m.headers.length, where).toBeGreaterThanOrEqual(5);
        expect(m.headers.filter((h) => !h.inside).map((h) => h.text), where).toEqual([]);
        expect(m.cut, `cut off at ${where}`).toEqual([]);
        if (size.width === 1920) {
          // The extra width goes to the description (and the IBAN gets its own column).
          expect(m.descriptionPx, where).toBeGreaterThan(700);
          expect(m.ibanColumn, where).toBe(true);
        }
        const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
        findings.push({
          size: `${size.width}x${size.height}`,
          language,
          theme,
          rules: result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })),
        });
        mkdirSync(resolve(REPORT, '..'), { recursive: true });
        writeFileSync(REPORT, `${JSON.stringify({ generatedAt: new Date().toISOString(), checks: findings }, null, 2)}\n`);
        if (language !== 'fr') await page.screenshot({ path: join(app.demoScreensDir, `history-layout-${size.width}-${language}-${theme}.png`) });
      }
    }
    // Keyboard moves as before: ↓ from the first order, then Enter opens the second.
    await rows.first().locator('.order-id').focus();
    await page.keyboard.press('ArrowDown');
    await expect(rows.nth(1).locator('.order-id')).toBeFocused();

    const serious = findings
      .filter((f) => f.size === `${size.width}x${size.height}`)
      .flatMap((f) => f.rules.filter((r) => r.impact === 'critical' || r.impact === 'serious').map((r) => `${f.language}/${f.theme}: ${r.id} ${r.targets.join(', ')}`));
    expect(serious).toEqual([]);
  });
}
