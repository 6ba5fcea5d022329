/**
 * Finding IBANs in any stored text, however they were written: any case, grouped by
 * spaces, dashes or dots, inside a description, a JSON body or a typed note. Used by
 * retention (which must erase them all) and the raw-body views (which show them masked).
 */
import { isValidIBAN } from 'ibantools';
import { maskIban as maskCompactIban } from '@shared/iban';

/** Two letters, two digits, then 11–30 letters or digits, each optionally after one separator. */
const CANDIDATE = /\b[A-Za-z]{2}\d{2}(?:[ \-.]?[A-Za-z0-9]){11,30}/g;
const SEPARATOR = /[ \-.]/;

/** "NL91 **** **** **** 4300", the same form order entry shows, from any spacing or case. */
export const maskIban = (iban: string) => maskCompactIban(iban.replace(/[\s\-.]+/g, '').toUpperCase());

/**
 * The part of a candidate that is the IBAN: the longest prefix passing the mod-97 check (so a
 * word written after it stays). Without one, only the classic uppercase form counts (MultiSafepay's
 * test IBANs fail mod-97); a lowercase or dashed run that fails the check is not an IBAN (a hex
 * token in a payment URL would otherwise be masked). -1: not an IBAN.
 */
function ibanPart(candidate: string): number {
  let compact = '';
  const ends: number[] = []; // ends[k] = index in candidate after the k-th compact character
  for (let i = 0; i < candidate.length; i++) {
    if (SEPARATOR.test(candidate[i]!)) continue;
    compact += candidate[i]!.toUpperCase();
    ends.push(i + 1);
  }
  for (let n = Math.min(34, compact.length); n >= 15; n--) {
    if (isValidIBAN(compact.slice(0, n))) return ends[n - 1]!;
  }
  return /^[A-Z]{2}\d{2}(?: ?[A-Z0-9])+$/.test(candidate) ? candidate.length : -1;
}

/** Every IBAN in `text` masked; everything else kept as it is. */
export function maskIbansAnywhere(text: string): string {
  return text.replace(CANDIDATE, (candidate) => {
    const end = ibanPart(candidate);
    // Not an IBAN from here: one may still start after its first character (after a separator).
    if (end < 0) return candidate[0]! + maskIbansAnywhere(candidate.slice(1));
    return maskIban(candidate.slice(0, end)) + candidate.slice(end);
  });
}
