// Display helpers shared by pages.

/** "2025-03-01 14:05:09"-style local time of an RFC 3339 instant, in the organisation's time zone. */
export function formatDateTime(iso: string, timeZone: string | undefined, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  };
  try {
    return new Intl.DateTimeFormat(language, { ...options, timeZone }).format(date);
  } catch {
    // An unknown time zone name: show the browser's local time rather than nothing.
    return new Intl.DateTimeFormat(language, options).format(date);
  }
}
