const formatters = new Map<string, Intl.DateTimeFormat>();
/** Formatted dates by locale: Intl formatting is slow, and a large site shows the same few thousand dates on many pages. */
const formatted = new Map<string, Map<string, string>>();

/**
 * Formats a calendar date (`2016-09-13`) as the seed prints it, "13 September
 * 2016", in `locale`. The date is pinned to UTC on both sides, so no time zone
 * of the machine can move it to the 12th or the 14th.
 */
export function formatCalendarDate(isoDate: string, locale: string): string {
  let known = formatted.get(locale);
  if (!known) {
    known = new Map();
    formatted.set(locale, known);
  }
  let text = known.get(isoDate);
  if (text === undefined) {
    text = formatWithIntl(isoDate, locale);
    known.set(isoDate, text);
  }
  return text;
}

function formatWithIntl(isoDate: string, locale: string): string {
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    formatters.set(locale, formatter);
  }
  const [year = 1970, month = 1, day = 1] = isoDate.split('-').map(Number);
  return formatter.format(new Date(Date.UTC(year, month - 1, day)));
}

/** `YYYY-MM-DD` of a moment, in UTC. */
export function isoDateOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
