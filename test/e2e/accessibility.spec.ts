// Issue 14: axe on every screen, in every language (en, nl, fr) and both themes (light, dark).
// One page is reused; each screen is checked six times by switching language and colour scheme.
// Writes test/artifacts/reports/axe.json and fails on any critical or serious finding.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './harness';

const REPORTS = resolve(import.meta.dirname, '../artifacts/reports');
const LANGUAGES = ['en', 'nl', 'fr'] as const;
const THEMES = ['light', 'dark'] as const;

interface Row {
  screen: string;
  language: string;
  theme: string;
  violations: Record<string, number>;
  rules: { id: string; impact: string | null; nodes: number; targets: string[] }[];
}

test('axe: every screen, every language, light and dark — no critical or serious findings', async ({ app, page }) => {
  test.setTimeout(600_000);
  const rows: Row[] = [];

  async function language(code: string): Promise<void> {
    await page.locator(`.lang-switch__button[lang="${code}"]`).click();
    await expect(page.locator('html')).toHaveAttribute('lang', code);
  }

  /** `leave` and `enter` wrap the language switch where the screen is modal (the switch sits behind it). */
  async function check(screen: string, modal?: { leave: (p: Page) => Promise<void>; enter: (p: Page) => Promise<void> }): Promise<void> {
    for (const code of LANGUAGES) {
      await modal?.leave(page);
      await language(code);
      await modal?.enter(page);
      for (const theme of THEMES) {
        await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' }); // no colour transitions mid-measurement
        const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
        const violations: Record<string, number> = {};
        for (const v of result.violations) violations[v.impact ?? 'unknown'] = (violations[v.impact ?? 'unknown'] ?? 0) + v.nodes.length;
        rows.push({
          screen,
          language: code,
          theme,
          violations,
          rules: result.violations.map((v) => ({
            id: v.id,
            impact: v.impact ?? null,
            nodes: v.nodes.length,
            targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
          })),
        });
        writeReport();
        // The window as staff see it (not the full page: the spec stays quick).
        await page.screenshot({ path: join(app.demoScreensDir, `axe-${screen}-${code}-${theme}.png`) });
      }
    }
    await modal?.leave(page);
    await language('en');
  }

  function writeReport(): void {
    mkdirSync(REPORTS, { recursive: true });
    writeFileSync(join(REPORTS, 'axe.json'), `${JSON.stringify({ generatedAt: new Date().toISOString(), checks: rows }, null, 2)}\n`);
  }
  try {
    await screens();
  } finally {
    writeReport();
  }

  const totals: Record<string, number> = {};
  for (const row of rows) for (const [impact, n] of Object.entries(row.violations)) totals[impact] = (totals[impact] ?? 0) + n;
  console.log(`[axe] ${rows.length} checks (${new Set(rows.map((r) => r.screen)).size} screens × 3 languages × 2 themes); nodes by impact: ${JSON.stringify(totals)}`);
  const bad = rows.filter((r) => (r.violations.critical ?? 0) + (r.violations.serious ?? 0) > 0);
  expect(bad.map((r) => `${r.screen}/${r.language}/${r.theme}: ${r.rules.filter((x) => x.impact === 'critical' || x.impact === 'serious').map((x) => `${x.id} ${x.targets.join(', ')}`).join('; ')}`)).toEqual([]);

  async function screens(): Promise<void> {
  await app.open();
  await expect(page.locator('#amount')).toBeFocused();
  await check('entry-paymentlink');

  // The first-run welcome (a fresh profile shows it above the form): its next step on its own.
  await page.getByTestId('welcome').getByRole('button', { name: 'Skip this step', exact: true }).click();
  await expect(page.getByTestId('welcome')).toHaveAttribute('data-step', 'demoOrder');
  await check('welcome');

  await page.getByTestId('flow-directdebit').check();
  await check('entry-directdebit');
  await page.getByTestId('flow-paymentlink').check();

  await page.locator('#amount').fill('42,50');
  await page.locator('#description').fill('Phone 4711');
  await page.locator('#firstName').fill('Anna');
  await page.locator('#lastName').fill('Jansen');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('copy-url')).toBeFocused();
  await check('result');

  const shortcuts = {
    enter: async (p: Page) => {
      await p.keyboard.press('?');
      await expect(p.getByTestId('shortcuts-dialog')).toBeVisible();
    },
    leave: async (p: Page) => {
      if (await p.getByTestId('shortcuts-dialog').isVisible()) await p.keyboard.press('Escape');
      await expect(p.getByTestId('shortcuts-dialog')).toBeHidden();
    },
  };
  await check('shortcuts', shortcuts);
  await shortcuts.leave(page);

  await page.keyboard.press('Alt+H');
  await expect(page.getByTestId('history-row')).toHaveCount(1);
  await check('history-list');

  await page.getByTestId('open-export').click();
  await check('history-export');
  await page.getByTestId('open-export').click();
  await page.getByTestId('open-backups').click();
  await check('history-backups');
  await page.getByTestId('open-backups').click();

  await page.getByTestId('history-row').getByRole('button').first().click();
  await expect(page.getByTestId('order-result')).toBeVisible();
  await check('history-detail');
  await page.keyboard.press('Escape');

  // The payment-link board, with the link made above open on it.
  await page.keyboard.press('Alt+L');
  await expect(page.getByTestId('link-row')).toHaveCount(1);
  await check('links-board');

  // The refund panel of a paid order: the customer pays the link on the demo page, main reads
  // the payment back, and one refund is pending (its row, with its cancel button).
  const [made] = (await app.call('history.search', { text: '', filters: {}, sort: 'newest', limit: 1 })).items;
  const customer = await page.context().newPage();
  await customer.goto(made!.paymentUrl!);
  await customer.getByRole('button', { name: 'Pay' }).click();
  await expect(customer.getByText('Payment received. Thank you!')).toBeVisible();
  await customer.close();
  await app.call('orders.refresh', made!.key);
  await app.call('refunds.create', { key: made!.key, amount: 1250, full: false });
  await page.keyboard.press('Alt+H');
  await page.getByRole('button', { name: made!.orderId }).click();
  await expect(page.getByTestId(`refund-row-${made!.orderId}-R1`)).toBeVisible();
  await expect(page.getByTestId('refund-amount')).toBeVisible();
  await page.getByTestId('refunds').scrollIntoViewIfNeeded(); // in the screenshots too
  await check('refund-panel');
  await page.getByRole('button', { name: /Back to history/ }).click();

  // History at the narrowest and a wide window (history-layout.spec.ts checks the layout itself).
  for (const size of [{ width: 1024, height: 768 }, { width: 1920, height: 1080 }]) {
    await page.setViewportSize(size);
    await expect(page.getByTestId('history-row')).toHaveCount(1);
    await check(`history-list-${size.width}`);
  }
  await page.setViewportSize({ width: 1280, height: 860 });

  await page.keyboard.press('Alt+S');
  await check('settings');

  await page.keyboard.press('Alt+A');
  await check('audit');
  }
});
