// Issue 14: the first-run welcome (one step at a time, skippable, never again; never in the way of
// the order form) and dates and numbers in the OS's region within the chosen language.
import { expect, test } from './harness';

const GB_DATE_TIME = /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/; // "30 Nov 2026, 21:12"
const US_DATE_TIME = /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M$/; // "Nov 30, 2026, 9:12 PM"

test('first start in Demo: the welcome teaches one step at a time, keeps its progress and never comes back', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await app.open();
  const welcome = page.getByTestId('welcome');
  // A calm panel, not a dialog: the keyboard stays on the amount, as on any start.
  await expect(welcome).toHaveAttribute('data-step', 'operator');
  await expect(page.locator('#amount')).toBeFocused();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(welcome.getByText('Step 1 of 3')).toBeVisible();
  await expect(page.locator('#welcome-operator')).toHaveValue('e2e'); // who main says is at the keyboard
  await app.screenshot('welcome-en-1-name');

  // Step 1: the operator name, through the existing setting (header and audit follow).
  await page.locator('#welcome-operator').fill('Anna de Wit');
  await welcome.getByRole('button', { name: 'Save name' }).click();
  await expect(welcome).toHaveAttribute('data-step', 'demoOrder');
  await expect(welcome.getByRole('heading', { name: 'Try a payment link in Demo' })).toBeFocused();
  await expect(page.getByTestId('operator')).toHaveText('Anna de Wit');
  await app.screenshot('welcome-en-2-demo-order');

  // Step 2: "Go to the form", then a real Demo order; main sees it, the panel moves on.
  await welcome.getByRole('button', { name: 'Go to the form' }).click();
  await expect(page.locator('#amount')).toBeFocused();
  await page.keyboard.type('12,50');
  await page.locator('#description').fill('Welcome tour');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('copy-url')).toBeFocused(); // the result's focus is not taken either
  await expect(welcome).toHaveAttribute('data-step', 'profile');
  await expect(welcome.getByText('Step 3 of 3')).toBeVisible();
  await app.screenshot('welcome-en-3-profile');

  // Step 3 points to the site profiles in Settings.
  await welcome.getByRole('link', { name: 'Site profiles in Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add profile' })).toBeVisible();

  // Progress survives a restart; a skipped step is gone for good.
  await app.restartServices();
  await app.open();
  await expect(welcome).toHaveAttribute('data-step', 'profile');
  await welcome.getByRole('button', { name: 'Skip this step', exact: true }).click();
  await expect(welcome).toHaveCount(0);
  await expect(page.locator('#amount')).toBeFocused(); // hand the keyboard back to the form
  await app.restartServices();
  await app.open();
  await expect(page.locator('#amount')).toBeFocused();
  await expect(welcome).toHaveCount(0);
});

test('the welcome in Dutch; "Skip all" ends it at once, across restarts', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await app.open();
  await page.getByRole('button', { name: 'NL', exact: true }).click();
  const welcome = page.getByTestId('welcome');
  await expect(welcome.getByRole('heading', { name: 'Welkom' })).toBeVisible();
  await expect(welcome.getByText('Stap 1 van 3')).toBeVisible();
  await expect(page.getByLabel('Uw naam')).toHaveValue('e2e');
  await app.screenshot('welcome-nl-1-name');
  await welcome.getByRole('button', { name: 'Stap overslaan' }).click();
  await expect(welcome.getByRole('heading', { name: 'Probeer een betaallink in Demo' })).toBeFocused();
  await app.screenshot('welcome-nl-2-demo-order');
  await welcome.getByRole('button', { name: 'Alles overslaan' }).click();
  await expect(welcome).toHaveCount(0);
  await expect(page.locator('#amount')).toBeFocused();
  await app.restartServices();
  await app.open();
  await expect(page.locator('#amount')).toBeFocused();
  await expect(welcome).toHaveCount(0);
});

test('dates and amounts follow the OS region in the chosen language; Settings can override it', async ({ app, page }) => {
  app.systemLocales = ['en-GB'];
  await app.restartServices();
  await app.open();
  await page.locator('#amount').fill('1234,5');
  await page.locator('#description').fill('Region check');
  await page.keyboard.press('Control+Enter');
  const created = page.getByTestId('order-result').locator('dd time').first();
  await expect(created).toHaveText(GB_DATE_TIME);
  await expect(page.getByTestId('result-amount')).toContainText('€1,234.50');

  await page.keyboard.press('Alt+S');
  const region = page.getByLabel('Region', { exact: true });
  await expect(region.locator('option').first()).toHaveText('Automatic (from the system: United Kingdom)');
  await expect(page.getByTestId('format-region-preview')).toHaveText('Looks like: 30 Nov 2026, 21:12 · €1,234.56');
  await region.selectOption('US');
  await page.getByRole('button', { name: 'Save region' }).click();
  await expect(page.getByTestId('format-region-preview')).toHaveText('Looks like: Nov 30, 2026, 9:12 PM · €1,234.56');
  await app.screenshot('settings-region-en');

  // The history (another screen) follows the choice, and it is kept across a restart.
  await app.restartServices();
  await app.open();
  await page.keyboard.press('Alt+H');
  await expect(page.getByTestId('history-row')).toHaveCount(1);
  await expect(page.getByTestId('history-row').locator('time').first()).toHaveAttribute('title', US_DATE_TIME);

  // Back to automatic, in French: the OS's region with French words and separators.
  await page.keyboard.press('Alt+S');
  await page.getByRole('button', { name: 'FR', exact: true }).click();
  await page.getByLabel('Région', { exact: true }).selectOption('');
  await page.getByRole('button', { name: 'Enregistrer la région' }).click();
  const preview = page.getByTestId('format-region-preview');
  await expect.poll(async () => (await preview.textContent())?.replace(/\s+/gu, ' ').trim()).toBe('Aperçu : 30 nov. 2026, 21:12 · 1 234,56 €');
});
