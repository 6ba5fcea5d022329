/**
 * The history export, run in a worker thread so main keeps answering while a
 * million rows are written. It opens its own read-only connection (WAL lets it
 * read one consistent snapshot while main goes on writing), counts the rows,
 * then streams them through csv-stringify in chunks to `<file>.partial`, and
 * renames the file only when it is complete. Between chunks it reports progress
 * and looks at the cancel flag main may set (a shared Int32Array: a message would
 * wait until the loop ends).
 *
 * The file is for spreadsheets: UTF-8 with a BOM, CRLF lines, IBANs masked unless
 * asked otherwise, and every cell a spreadsheet could read as a formula prefixed with '
 * (`neutralise`, after OWASP's CSV-injection guidance).
 *
 * Self-contained on purpose (node:, better-sqlite3 and csv-stringify only, erasable
 * TypeScript only): under tests and scripts Node runs this very file with its type
 * stripping; the built app runs it as out/main/export-worker.js (its own build entry).
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify/sync';

export interface ExportTask {
  dbFile: string;
  /** Built by main from fixed fragments; values only as named parameters. */
  sql: string;
  params: Record<string, string | number>;
  columns: readonly string[];
  /** The finished file; written as `<file>.partial` until complete. */
  file: string;
  includeIbans: boolean;
  delimiter: ',' | ';';
  /** Decimal places per currency (minor units → amount). */
  exponents: Record<string, number>;
  /** Int32Array over it; main stores 1 to cancel. */
  cancel: SharedArrayBuffer;
  chunkRows?: number;
}

export type ExportMessage =
  | { type: 'total'; total: number }
  | { type: 'progress'; written: number }
  | { type: 'done'; written: number }
  | { type: 'cancelled'; written: number }
  | { type: 'failed'; message: string };

/** What a spreadsheet skips before deciding a cell is a formula: spaces, controls, invisible characters. */
const LEADING_IGNORED = /^[\s\p{Z}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]+/u;
/** = + - @ start a formula, | and % a DDE call or macro in some readers; U+2212 is read as minus. */
const FORMULA_START = /^[=+\-@|%\u2212]/;

/**
 * OWASP "CSV Injection": a cell a spreadsheet could run as a formula gets a leading
 * apostrophe. Any cell starting with TAB, CR or LF, and any cell whose first visible
 * character (after leading spaces and invisible characters, NFKC-folded so ＝＋－＠ and
 * ﹦﹢﹣﹫ count) is = + - @ | % or −. Applied to every column, whatever its source: a
 * status, transaction id, payment URL or error text comes from an API we do not control.
 */
export function neutralise(value: string): string {
  if (/^[\t\r\n]/.test(value)) return `'${value}`;
  const rest = value.replace(LEADING_IGNORED, '');
  const first = rest.codePointAt(0);
  if (first === undefined) return value;
  return FORMULA_START.test(String.fromCodePoint(first).normalize('NFKC')) ? `'${value}` : value;
}

/** "NL91 **** **** **** 4300" (the console's one masked form); a value already masked stays as it is. */
export function maskIban(iban: string): string {
  if (iban.includes('*')) return iban;
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (compact.length <= 8) return compact.replace(/./g, '*');
  const hidden = Math.ceil((compact.length - 8) / 4);
  return [compact.slice(0, 4), ...Array<string>(hidden).fill('****'), compact.slice(-4)].join(' ');
}

/** 12345 minor units, 2 places → "123.45" (or "123,45"): exact, no floating point. */
export function decimal(minor: number, exponent: number, separator: string): string {
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const sign = minor < 0 ? '-' : '';
  return exponent === 0 ? sign + digits : `${sign}${digits.slice(0, -exponent)}${separator}${digits.slice(-exponent)}`;
}

type Row = Record<string, string | number | null>;

/** One CSV record from one row of the export query. */
export function toRecord(row: Row, task: Pick<ExportTask, 'columns' | 'includeIbans' | 'delimiter' | 'exponents'>): string[] {
  return task.columns.map((column) => neutralise(cell(row, column, task)));
}

/** A cell's text before neutralising. */
function cell(row: Row, column: string, task: Pick<ExportTask, 'includeIbans' | 'delimiter' | 'exponents'>): string {
  switch (column) {
    case 'amount':
      return decimal(Number(row.amount), task.exponents[String(row.currency)] ?? 2, task.delimiter === ';' ? ',' : '.');
    case 'amount_minor':
      return String(row.amount);
    case 'created_at':
    case 'updated_at':
      return new Date(Number(row[column])).toISOString();
    case 'iban':
      return typeof row.iban === 'string' && row.iban !== '' ? (task.includeIbans ? row.iban : maskIban(row.iban)) : '';
    default:
      return row[column] === null || row[column] === undefined ? '' : String(row[column]);
  }
}

/** Write the whole export; `post` gets the progress. Synchronous: it runs in its own thread. */
export function runExport(task: ExportTask, post: (message: ExportMessage) => void): void {
  const partial = `${task.file}.partial`;
  const cancelled = new Int32Array(task.cancel);
  const chunkRows = task.chunkRows ?? 2000;
  let db: Database.Database | null = null;
  let fd: number | null = null;
  let written = 0;
  try {
    db = new Database(task.dbFile, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    // One read transaction: the count and the rows come from the same snapshot.
    db.exec('BEGIN');
    const total = (db.prepare(`SELECT count(*) AS n FROM (${task.sql})`).get(task.params) as { n: number }).n;
    post({ type: 'total', total });
    fd = openSync(partial, 'w');
    const options = {
      columns: [...task.columns],
      delimiter: task.delimiter,
      record_delimiter: 'windows' as const,
    };
    let chunk: string[][] = [];
    let first = true;
    const flush = () => {
      writeSync(fd!, stringify(chunk, { ...options, header: first, bom: first }));
      written += chunk.length;
      chunk = [];
      first = false;
      post({ type: 'progress', written });
    };
    for (const row of db.prepare(task.sql).iterate(task.params) as IterableIterator<Row>) {
      chunk.push(toRecord(row, task));
      if (chunk.length >= chunkRows) {
        flush();
        if (Atomics.load(cancelled, 0) === 1) break;
      }
    }
    if (Atomics.load(cancelled, 0) === 1) {
      closeSync(fd);
      fd = null;
      rmSync(partial, { force: true });
      post({ type: 'cancelled', written });
      return;
    }
    if (chunk.length > 0 || first) flush();
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(partial, task.file);
    post({ type: 'done', written });
  } catch (error) {
    if (fd !== null) closeSync(fd);
    fd = null;
    rmSync(partial, { force: true });
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  } finally {
    if (fd !== null) closeSync(fd);
    if (db?.inTransaction) db.exec('COMMIT');
    db?.close();
  }
}

const data = workerData as { kind?: string; task?: ExportTask } | null;
if (!isMainThread && parentPort && data?.kind === 'history-export' && data.task) {
  const port = parentPort;
  runExport(data.task, (message) => port.postMessage(message));
}
