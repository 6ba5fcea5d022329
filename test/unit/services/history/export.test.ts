// The CSV export: the worker's file (BOM, CRLF, masking, formula neutralisation, decimal
// comma with `;`), run directly and through the channels with a real worker thread,
// with progress, cancel and the audit entry.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../../electron/services/storage/db';
import { decimal, maskIban as workerMask, neutralise, runExport, toRecord } from '../../../../electron/services/history/export-worker';
import type { ExportMessage } from '../../../../electron/services/history/export-worker';
import { EXPORT_COLUMNS, exportSql, SORTS } from '../../../../electron/services/history/query';
import { createOrderStore } from '../../../../electron/services/orders/order-store';
import { maskIban } from '@shared/iban';
import type { ExportJob, ExportStarted } from '@shared/history';
import { random, seedHistory, seededOrder } from '../../../support/history-seed';
import { csvRecords } from '../../../support/csv';
import { PROPERTY_TIMEOUT_MS, RUNS } from '../../../support/hostile';
import { startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

let dir: string | null = null;
let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('cells', () => {
  it('neutralises what a spreadsheet would run as a formula', () => {
    for (const bad of ['=SUM(A1)', '+31 6 1234', '-2+3', '@cmd', '\tx', '\rx', '\nx']) expect(neutralise(bad)).toBe(`'${bad}`);
    for (const good of ['Invoice 42', "'quoted", '', '12.50', ' Invoice', 'a=b', '\u200bplain']) expect(neutralise(good)).toBe(good);
  });

  it('looks past leading spaces and invisible characters, folds full-width forms, and knows | and % (OWASP)', () => {
    for (const bad of [
      ' =not first',
      '\u00a0\u3000=1+1',
      '\u200b=HYPERLINK("http://evil.example")',
      '\ufeff@SUM(A1)',
      '\u2060\u00ad+1',
      '＝1+1',
      '＋31',
      '－2',
      '＠cmd',
      '﹦1',
      '−2',
      '|calc',
      '%0A',
      '\u202e=1',
    ])
      expect(neutralise(bad), JSON.stringify(bad)).toBe(`'${bad}`);
  });

  it('property: a formula behind any leading spaces or invisible characters, in any width, is always neutralised', () => {
    const lead = fc.array(fc.constantFrom(' ', '\u00a0', '\u3000', '\u2009', '\u200b', '\u2060', '\ufeff', '\u00ad', '\u202e', '\u061c', '\u{e0020}'), { maxLength: 5 });
    // TAB, CR and LF count at the very start (OWASP); behind them, the first visible character decides.
    const trigger = fc.oneof(
      fc.constantFrom('=', '+', '-', '@', '|', '%', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫', '−'),
      fc.constantFrom('\t', '\r', '\n').map((control) => `${control}=`),
    );
    let cases = 0;
    fc.assert(
      fc.property(lead, trigger, fc.string({ maxLength: 20 }), (spaces, first, rest) => {
        cases++;
        const cell = `${spaces.join('')}${first}${rest}`;
        if (spaces.length === 0) expect(neutralise(`${first[0]}x`)).toBe(`'${first[0]}x`);
        expect(neutralise(cell)).toBe(`'${cell}`);
        expect(neutralise(`x${cell}`)).toBe(`x${cell}`);
      }),
      { numRuns: RUNS },
    );
    console.log(`CSV neutralisation property: ${cases} cases tried`);
  }, PROPERTY_TIMEOUT_MS);

  it('neutralises every column, including what MultiSafepay or a proxy sent back', () => {
    const row = {
      order_id: 'CON-1', created_at: 0, updated_at: 0, environment: 'test', profile: 'p', operator: '=op', flow: 'paymentlink',
      type: 'paymentlink', gateway: '@G', amount: 100, currency: 'EUR', description: 'ok', state: 'created', status: '=cmd|x',
      financial_status: '+x', transaction_id: '-1', customer_name: null, customer_email: null, customer_locale: null,
      account_holder_name: null, iban: null, payment_url: '\u200b=HYPERLINK("http://evil.example")', problem_code: '%x',
      problem_message: '＝1+1', replaces: '|x', replaced_by: null,
    };
    const record = toRecord(row, { columns: EXPORT_COLUMNS, includeIbans: false, delimiter: ',', exponents: { EUR: 2 } });
    const cells = Object.fromEntries(EXPORT_COLUMNS.map((column, i) => [column, record[i]]));
    for (const column of ['operator', 'gateway', 'status', 'financial_status', 'transaction_id', 'payment_url', 'problem_code', 'problem_message', 'replaces'])
      expect(cells[column], column).toBe(`'${String(row[column as keyof typeof row])}`);
    expect(cells.description).toBe('ok');
    expect(cells.amount).toBe('1.00');
  });

  it('masks IBANs the way the rest of the console does', () => {
    for (const iban of ['NL91ABNA0417164300', 'BE68539007547034', 'DE89370400440532013000']) expect(workerMask(iban)).toBe(maskIban(iban));
    expect(workerMask('NL91 **** **** **** 4300')).toBe('NL91 **** **** **** 4300');
  });

  it('writes amounts exactly, with the separator asked for', () => {
    expect(decimal(100050, 2, '.')).toBe('1000.50');
    expect(decimal(5, 2, ',')).toBe('0,05');
    expect(decimal(1234, 0, '.')).toBe('1234');
  });
});

function seededDb() {
  dir = mkdtempSync(join(tmpdir(), 'msp-export-'));
  const dbFile = join(dir, 'console.sqlite3');
  const db = openDatabase(dbFile);
  const store = createOrderStore(db);
  const rnd = random(1);
  const add = (over: Partial<ReturnType<typeof seededOrder>['order']>) => {
    const seeded = seededOrder(1, rnd, { start: Date.UTC(2025, 10, 21, 14, 3) });
    store.insertIntent({ ...seeded.order, ...over });
  };
  add({ orderId: 'CON-1', now: Date.UTC(2025, 10, 21, 14, 3), description: '=HYPERLINK("http://evil.example","click")', amount: 123456, currency: 'EUR', iban: 'NL91ABNA0417164300', flow: 'directdebit', customerName: '@admin' });
  add({ orderId: 'CON-2', description: 'Réparation – vélo, "deux" roues', amount: 5, currency: 'EUR', iban: null, customerName: '-Jan', now: Date.UTC(2025, 10, 21, 14, 4) });
  return { dbFile, db };
}

function exportOnce(dbFile: string, options: { includeIbans: boolean; delimiter: ',' | ';'; cancel?: boolean }) {
  const file = join(dir!, `out-${options.delimiter === ';' ? 'semi' : 'comma'}-${options.includeIbans}.csv`);
  const cancel = new SharedArrayBuffer(4);
  if (options.cancel) Atomics.store(new Int32Array(cancel), 0, 1);
  const messages: ExportMessage[] = [];
  runExport(
    {
      dbFile,
      sql: exportSql([], SORTS.oldest, false),
      params: {},
      columns: EXPORT_COLUMNS,
      file,
      includeIbans: options.includeIbans,
      delimiter: options.delimiter,
      exponents: { EUR: 2 },
      cancel,
      chunkRows: 1,
    },
    (m) => messages.push(m),
  );
  return { file, messages };
}

describe('the file', () => {
  it('is UTF-8 with a BOM and CRLF, IBANs masked, formulas neutralised', () => {
    const { dbFile, db } = seededDb();
    const { file, messages } = exportOnce(dbFile, { includeIbans: false, delimiter: ',' });
    db.close();
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(text).not.toMatch(/[^\r]\n/);
    const rows = csvRecords(text);
    expect(rows.map((r) => r.order_id)).toEqual(['CON-1', 'CON-2']);
    expect(rows[0]).toMatchObject({
      description: `'=HYPERLINK("http://evil.example","click")`,
      customer_name: "'@admin",
      iban: 'NL91 **** **** **** 4300',
      amount: '1234.56',
      amount_minor: '123456',
      currency: 'EUR',
      created_at: '2025-11-21T14:03:00.000Z',
    });
    expect(rows[1]).toMatchObject({ description: 'Réparation – vélo, "deux" roues', customer_name: "'-Jan", iban: '', amount: '0.05' });
    expect(text).not.toContain('NL91ABNA0417164300');
    expect(messages).toEqual([
      { type: 'total', total: 2 },
      { type: 'progress', written: 1 },
      { type: 'progress', written: 2 },
      { type: 'done', written: 2 },
    ]);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('has full IBANs only when asked, and uses ; with a decimal comma for Dutch and French spreadsheets', () => {
    const { dbFile, db } = seededDb();
    const { file } = exportOnce(dbFile, { includeIbans: true, delimiter: ';' });
    db.close();
    const rows = csvRecords(readFileSync(file, 'utf8').slice(1), ';');
    expect(rows[0]).toMatchObject({ iban: 'NL91ABNA0417164300', amount: '1234,56' });
  });

  it('leaves no file when cancelled', () => {
    const { dbFile, db } = seededDb();
    const { file, messages } = exportOnce(dbFile, { includeIbans: false, delimiter: ',', cancel: true });
    db.close();
    expect(messages.at(-1)).toEqual({ type: 'cancelled', written: 1 });
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });
});

/** The job of an export that started (the save dialog was not cancelled). */
function job(answer: ExportStarted): ExportJob {
  if (answer.outcome !== 'started') throw new Error('the export did not start');
  return answer.job;
}

describe('through the channels, in a worker thread', () => {
  async function finished(jobId: string): Promise<ExportJob> {
    let job: ExportJob | null = null;
    await vi.waitFor(
      async () => {
        job = await rig!.value('history.exportStatus', { jobId });
        expect(job.state).not.toBe('running');
      },
      { timeout: 20_000, interval: 20 },
    );
    return job!;
  }

  it('exports the filtered set, reports progress, and writes the audit entry first', async () => {
    rig = await startRig();
    const db = openDatabase(join(rig.dataDir, 'console.sqlite3'));
    seedHistory(db, createOrderStore(db), 5000, { seed: 11 });
    db.close();
    const expected = (await rig.value('history.search', { filters: { environment: 'test' }, limit: 1 })).total;
    expect(expected?.capped).toBe(true);

    const started = job(await rig.value('history.exportStart', { query: { filters: { environment: 'test' } }, includeIbans: true }));
    expect(started.state).toBe('running');
    // The file the operator chose in main's save dialog (the fake takes the suggested name).
    expect(rig.dialogs.exportNames).toEqual([expect.stringMatching(/^history-\d{8}-\d{6}\.csv$/)]);
    expect(started.file).toBe(join(rig.dataDir, 'exports', rig.dialogs.exportNames[0]!));
    // One export at a time.
    const second = await rig.call('history.exportStart', {});
    expect(second.ok || second.error.code).toBe('CONFLICT');

    const done = await finished(started.jobId);
    expect(done).toMatchObject({ state: 'done', includeIbans: true, error: null });
    expect(done.total).toBe(done.written);
    expect(done.written).toBeGreaterThan(1000);
    const rows = csvRecords(readFileSync(done.file, 'utf8').slice(1));
    expect(rows).toHaveLength(done.written);
    expect(new Set(rows.map((r) => r.environment))).toEqual(new Set(['test']));
    expect(rows.some((r) => /^NL\d{2}ABNA\d{10}$/.test(r.iban ?? ''))).toBe(true);

    const audit = await rig.value('audit.list', { limit: 50 });
    expect(audit.items.find((i) => i.action === 'history.export')?.details).toMatchObject({ ibans: 'full', filters: 'environment' });
  });

  it('cancels: the job says so and no file is left', async () => {
    rig = await startRig();
    const db = openDatabase(join(rig.dataDir, 'console.sqlite3'));
    seedHistory(db, createOrderStore(db), 6000, { seed: 12 });
    db.close();
    const started = job(await rig.value('history.exportStart', {}));
    await rig.value('history.exportCancel', { jobId: started.jobId });
    const done = await finished(started.jobId);
    expect(done.state).toBe('cancelled');
    expect(readdirSync(join(rig.dataDir, 'exports'))).toEqual([]);
    // And the next export may start.
    const next = job(await rig.value('history.exportStart', { query: { text: 'nobody-at-all' } }));
    const empty = await finished(next.jobId);
    expect(empty).toMatchObject({ state: 'done', written: 0, total: 0 });
    expect(readFileSync(empty.file, 'utf8')).toBe(`\ufeff${EXPORT_COLUMNS.join(',')}\r\n`);
    // Seeding 6,000 orders and starting a worker thread twice outgrows the 5 s default on a busy 2-core machine.
  }, 30_000);

  it('writes where the operator chose in the save dialog; a cancelled dialog writes and audits nothing', async () => {
    rig = await startRig();
    const elsewhere = mkdtempSync(join(tmpdir(), 'msp-export-choice-'));
    try {
      rig.dialogs.exportAnswer = null;
      expect(await rig.value('history.exportStart', {})).toEqual({ outcome: 'cancelled' });
      expect(existsSync(join(rig.dataDir, 'exports'))).toBe(false);

      rig.dialogs.exportAnswer = join(elsewhere, 'March.CSV');
      const done = await finished(job(await rig.value('history.exportStart', {})).jobId);
      expect(done).toMatchObject({ state: 'done', file: join(elsewhere, 'March.CSV') });
      expect(readFileSync(done.file, 'utf8').startsWith(`\ufeff${EXPORT_COLUMNS.join(',')}`)).toBe(true);
      const audited = (await rig.value('audit.list', {})).items.filter((i) => i.action === 'history.export');
      expect(audited).toHaveLength(1);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses a chosen path that is not an absolute .csv file in an existing folder, before writing or auditing', async () => {
    rig = await startRig();
    const folder = mkdtempSync(join(tmpdir(), 'msp-export-bad-'));
    mkdirSync(join(folder, 'taken.csv'));
    try {
      for (const bad of [
        'relative/history.csv',
        join(folder, 'history.txt'),
        join(folder, 'history.csv.exe'),
        join(folder, '.csv'),
        join(folder, 'missing', 'history.csv'),
        join(folder, 'taken.csv'),
        join(folder, 'line\nbreak.csv'),
        `${folder}/${'x'.repeat(5000)}.csv`,
      ]) {
        rig.dialogs.exportAnswer = bad;
        const r = await rig.call('history.exportStart', {});
        expect(r, bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { _: { key: 'validation.history.exportPath' } } } });
      }
      expect(readdirSync(folder)).toEqual(['taken.csv']);
      expect((await rig.value('audit.list', {})).items.filter((i) => i.action === 'history.export')).toHaveLength(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('opens one save dialog at a time', async () => {
    let choose!: (path: string | null) => void;
    rig = await startRig({
      services: { dialogs: { chooseExportPath: () => new Promise<string | null>((resolve) => (choose = resolve)) } },
    });
    const first = rig.call('history.exportStart', {});
    await vi.waitFor(() => expect(choose).toBeTypeOf('function'));
    const second = await rig.call('history.exportStart', {});
    expect(second.ok || second.error.code).toBe('CONFLICT');
    choose(null);
    expect(await first).toEqual({ ok: true, value: { outcome: 'cancelled' } });
  });

  it('without a save dialog (scripts) writes to the exports folder', async () => {
    rig = await startRig({ services: { dialogs: {} } });
    const done = await finished(job(await rig.value('history.exportStart', {})).jobId);
    expect(done.file).toMatch(new RegExp(`^${rig.dataDir}/exports/history-\\d{8}-\\d{6}\\.csv$`));
  });

  it('answers about unknown and malformed job ids', async () => {
    rig = await startRig();
    const missing = await rig.call('history.exportStatus', { jobId: 'no-such-job' });
    expect(missing.ok || missing.error.code).toBe('NOT_FOUND');
    const bad = await rig.call('history.exportStatus', { jobId: '../etc' });
    expect(bad.ok || bad.error.code).toBe('VALIDATION');
  });
});
