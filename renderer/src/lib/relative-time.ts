/** "3 days ago" / "in 5 hours" in the UI locale, from two ISO times (main's `now`, so a test clock holds). */
export function relativeTime(iso: string, nowIso: string, locale: string): string {
  const diff = new Date(iso).getTime() - new Date(nowIso).getTime();
  if (Number.isNaN(diff)) return iso;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const minutes = Math.round(diff / 60_000);
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(diff / 3_600_000);
  if (Math.abs(hours) < 48) return format.format(hours, 'hour');
  return format.format(Math.round(diff / 86_400_000), 'day');
}
