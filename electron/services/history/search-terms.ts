/**
 * Search text, one meaning in two places: as the FTS5 expression the full-text index is asked
 * (quoted tokens, so typed syntax is only words), and as the same test applied by hand to rows
 * the index does not hold yet (its chunked build, storage/fts-backfill.ts).
 */
import { SEARCH_TEXT_MAX } from '@shared/history';

/** What unicode61 (the index's tokenizer) treats as separators: spaces, punctuation, controls. */
const SEPARATORS = /[\s\p{P}\p{Z}\p{Cc}\p{Cf}\p{Cs}]+/u;
const MAX_TOKENS = 12;
const IBAN = /^[A-Za-z]{2}\d{2}[A-Za-z0-9]{10,30}$/;
const ID_LIKE = /^[A-Za-z0-9_-]{2,60}$/;

const quote = (token: string) => `"${token.replaceAll('"', '""')}"`;

/** What was typed, as the index is asked about it (one meaning for the index and the scan of rows not indexed yet). */
export interface SearchTerms {
  /** An IBAN: looked up by its last four, the only part the index keeps. */
  iban4: string | null;
  /** Text shaped like an order or transaction id, without dashes, lower case: a whole-id prefix. */
  idPrefix: string | null;
  /** Every word must occur; `prefix`: as the start of a word (a single character is looked up whole). */
  words: { token: string; prefix: boolean }[];
}

/**
 * - every word becomes a quoted prefix token ("jan"* "vries"*: all must occur);
 *   a single character is looked up whole;
 * - text shaped like an order or transaction id also matches the whole id by prefix,
 *   ignoring dashes ("con-2025" finds CON-20251121-…);
 * - an IBAN is looked up by its last four, the only part the index keeps.
 * Null when nothing in the text can be searched.
 */
export function searchTerms(raw: string): SearchTerms | null {
  const text = raw.slice(0, SEARCH_TEXT_MAX).normalize('NFC').trim();
  if (text === '') return null;
  const compact = text.replace(/[\s_-]+/g, '');
  if (IBAN.test(compact) && /\d{4}$/.test(compact)) return { iban4: compact.slice(-4), idPrefix: null, words: [] };
  const tokens = [...new Set(text.toLowerCase().split(SEPARATORS).filter(Boolean))].slice(0, MAX_TOKENS);
  const words = tokens.map((token) => ({ token, prefix: [...token].length >= 2 }));
  const idPrefix = ID_LIKE.test(text) && /\d/.test(text) ? compact.toLowerCase() : null;
  return idPrefix === null && words.length === 0 ? null : { iban4: null, idPrefix, words };
}

/** The FTS5 expression of the terms. */
export function matchExpression(terms: SearchTerms): string {
  if (terms.iban4 !== null) return `iban_last4 : ${quote(terms.iban4)}`;
  const words = terms.words.map((w) => quote(w.token) + (w.prefix ? '*' : '')).join(' ');
  const parts: string[] = [];
  if (terms.idPrefix !== null) parts.push(`{order_key transaction_ids} : ${quote(terms.idPrefix)}*`);
  if (words) parts.push(parts.length ? `(${words})` : words);
  return parts.join(' OR ');
}

/** The FTS5 expression for what was typed, or null when nothing in it can be searched. */
export function searchMatch(raw: string): string | null {
  const terms = searchTerms(raw);
  return terms && matchExpression(terms);
}

/**
 * A column's words as the index's tokenizer (unicode61, remove_diacritics 2) makes them:
 * letters, digits and private-use characters; case and diacritics folded.
 */
export function indexTokens(text: string | null): string[] {
  if (!text) return [];
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}\p{Co}]+/u).filter(Boolean);
}

/** The columns of the full-text index for one order, as text. */
export interface IndexedText {
  orderKey: string;
  orderId: string;
  transactionIds: string;
  customer: string;
  email: string | null;
  description: string;
  ibanLast4: string | null;
}

/** Does a phrase (the words of one typed token) occur in a column, its last word as a prefix when asked? */
function phraseIn(column: string[], phrase: string[], prefix: boolean): boolean {
  if (phrase.length === 0) return false;
  const last = phrase.length - 1;
  for (let i = 0; i + last < column.length; i++) {
    let ok = true;
    for (let j = 0; j <= last && ok; j++) {
      const word = column[i + j]!;
      ok = j === last && prefix ? word.startsWith(phrase[j]!) : word === phrase[j];
    }
    if (ok) return true;
  }
  return false;
}

/**
 * The same question as matchExpression, answered from an order's text without the index:
 * for the orders a database upgraded from before version 4 has not indexed yet.
 */
export function termsMatch(terms: SearchTerms, row: IndexedText): boolean {
  if (terms.iban4 !== null) return phraseIn(indexTokens(row.ibanLast4), indexTokens(terms.iban4), false);
  if (terms.idPrefix !== null) {
    const id = indexTokens(terms.idPrefix);
    if (phraseIn(indexTokens(row.orderKey), id, true) || phraseIn(indexTokens(row.transactionIds), id, true)) return true;
  }
  if (terms.words.length === 0) return false;
  const columns = [row.orderKey, row.orderId, row.transactionIds, row.customer, row.email, row.description, row.ibanLast4].map(indexTokens);
  return terms.words.every((w) => {
    const phrase = indexTokens(w.token);
    return columns.some((column) => phraseIn(column, phrase, w.prefix));
  });
}
