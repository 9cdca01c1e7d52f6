/**
 * The build date `YYYY-MM-DD` in UTC: from SOURCE_DATE_EPOCH (seconds) when
 * given, so CI builds are reproducible, else today. Null when the variable is
 * set but not a number of seconds.
 */
export function resolveBuildDate(sourceDateEpoch: string | undefined, now: Date = new Date()): string | null {
  if (sourceDateEpoch === undefined || sourceDateEpoch === '') return now.toISOString().slice(0, 10);
  if (!/^\d+$/.test(sourceDateEpoch.trim())) return null;
  const date = new Date(Number(sourceDateEpoch.trim()) * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}
