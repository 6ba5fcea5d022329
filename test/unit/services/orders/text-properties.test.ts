// Property-based test of main's side of the text rules (issue 10), through the handler table the
// window calls: whatever the form refuses, `orders.create` and `orders.createRaw` refuse with the
// same field message, and then nothing is written (no row) or sent (the demo server received
// nothing); whatever passes is stored exactly as it was sent, and as the form normalised it.
// Size: TEXT_PROPERTY_RUNS / 2 cases per property (default 150); see test/support/hostile.ts.
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emptyDraft, evaluate, FIELD_PATHS } from '../../../../renderer/src/lib/entry-form';
import type { EntryDraft, FieldId } from '../../../../renderer/src/lib/entry-form';
import { readRawBody, toApiBody } from '@shared/orders/body';
import { OrderInput } from '@shared/orders/form';
import { MAIN_PROPERTY_TIMEOUT_MS, MAIN_RUNS, benignText, blankText, hostileText, trickUrl } from '../../../support/hostile';
import { getPath, setPath } from '../../../support/paths';
import { startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

let rig: Rig;
let db: Database.Database;
let cases = 0;
beforeAll(async () => {
  rig = await startRig();
  db = new Database(join(rig.dataDir, 'console.sqlite3'), { readonly: true, fileMustExist: true });
});
afterAll(async () => {
  db.close();
  await rig.close();
  console.log(`text properties (main: orders.create and orders.createRaw against the demo server): ${cases} cases tried, ${MAIN_RUNS} runs per property`);
});

const CONTEXT = { locale: 'en', environment: 'demo' as const, methods: [], orderCap: 10_000_000 };
const BASE: Partial<EntryDraft> = { flow: 'redirect', amountText: '12.50', description: 'Phone order' };
const FIELDS: { id: FieldId; api: string[] }[] = [
  { id: 'description', api: ['description'] },
  { id: 'firstName', api: ['customer', 'first_name'] },
  { id: 'lastName', api: ['customer', 'last_name'] },
  { id: 'var2', api: ['var2'] },
  { id: 'redirectUrl', api: ['payment_options', 'redirect_url'] },
];

const posts = () => rig.demo.received.filter((r) => r.method === 'POST' && r.path.endsWith('/orders')).length;
const rows = () => (db.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n;


/** One text into one field, through the form and through main; the same verdict and nothing left behind when refused. */
async function sameVerdict(id: FieldId, api: string[], text: string): Promise<void> {
  cases++;
  const draft = { ...emptyDraft(), ...BASE, [id]: text };
  const form = evaluate(draft, CONTEXT);
  const formIssue = form.issues[id]?.key;
  // Main gets what a window that skipped its own check would send: the text as typed.
  const typed = evaluate({ ...emptyDraft(), ...BASE }, CONTEXT).input!;
  const input = structuredClone(typed) as Record<string, unknown>;
  setPath(input, FIELD_PATHS[id].split('.'), text);
  const apiBody = structuredClone(toApiBody(OrderInput.parse(typed))) as Record<string, unknown>;
  setPath(apiBody, api, text);
  const rawText = JSON.stringify(apiBody);
  const editor = readRawBody(rawText);

  const before = { posts: posts(), rows: rows() };
  const created = await rig.call('orders.create', input as never);
  const raw = await rig.call('orders.createRaw', { body: rawText });

  expect(created.ok).toBe(formIssue === undefined);
  expect(raw.ok).toBe(editor.ok);
  expect(editor.ok).toBe(formIssue === undefined);
  if (!created.ok) expect(created.error.fields?.[FIELD_PATHS[id]]?.key).toBe(formIssue);
  if (!raw.ok && !editor.ok) expect(raw.error.fields).toEqual(editor.fields);
  if (formIssue !== undefined) {
    expect({ posts: posts(), rows: rows() }).toEqual(before);
    return;
  }
  // Accepted: two orders, each stored exactly as sent, with the value the form showed.
  expect({ posts: posts(), rows: rows() }).toEqual({ posts: before.posts + 2, rows: before.rows + 2 });
  const expected = getPath(form.input, FIELD_PATHS[id].split('.'));
  for (const result of [created, raw]) {
    if (!result.ok) throw new Error('unreachable');
    const detail = await rig.value('orders.get', result.value.key);
    const sent = rig.demo.received.filter((r) => r.method === 'POST' && r.body.includes(result.value.orderId)).at(-1)!;
    expect(detail.exchanges[0]!.requestBody).toBe(sent.body);
    expect(getPath(JSON.parse(sent.body), api)).toBe(expected);
    if (id === 'description') expect(detail.description).toBe(expected);
    if (id === 'firstName') expect(detail.customerName).toBe(expected);
  }
}

const field = fc.constantFrom(...FIELDS);
vi.setConfig({ testTimeout: MAIN_PROPERTY_TIMEOUT_MS });

describe('main refuses what the form refuses, and then writes and sends nothing', () => {
  it('hostile pieces in free text and URLs', async () => {
    await fc.assert(
      fc.asyncProperty(field, fc.oneof(hostileText.map((h) => h.text), trickUrl, blankText), async ({ id, api }, text) => sameVerdict(id, api, text)),
      { numRuns: MAIN_RUNS },
    );
  });

  it('benign mixed-script text is accepted by both and stored exactly as sent', async () => {
    const free = FIELDS.filter((f) => f.id !== 'redirectUrl');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...free), benignText(2), async ({ id, api }, text) => sameVerdict(id, api, text)),
      { numRuns: MAIN_RUNS },
    );
  });
});
