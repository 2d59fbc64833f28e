/**
 * Billy's timestamp format: ISO 8601 in UTC with `+00:00`, and a 6-digit
 * fraction only when it is non-zero (billy.md §2.3).
 */
export function formatTimestamp(date: Date): string;
export function formatTimestamp(date: Date | null): string | null;
export function formatTimestamp(date: Date | null): string | null {
  if (date === null) return null;
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const millis = iso.slice(20, 23);
  const whole = iso.slice(0, 19);
  return millis === '000' ? `${whole}+00:00` : `${whole}.${millis}000+00:00`;
}
