import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDate, IsOptional } from 'class-validator';

// YYYY-MM-DD, then optionally one separator, HH:MM:SS, a fraction and a zone (billy.md §3.4).
const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses an ISO 8601 timestamp into a UTC Date, or returns null. Unlike Billy it
 * honours `+0800` and rejects trailing text, rather than silently misreading them.
 * A bare date means midnight UTC.
 */
export function parseTimestamp(text: string): Date | null {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone] = match;
  const fields = [year, month, day, hour, minute, second].map(Number);
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5], millis);
  const date = new Date(utc);
  // Date.UTC rolls 2013-02-30 over into March: an impossible date is an error, not a guess.
  if (
    date.getUTCFullYear() !== fields[0] ||
    date.getUTCMonth() !== fields[1] - 1 ||
    date.getUTCDate() !== fields[2] ||
    fields[3] > 23 ||
    fields[4] > 59 ||
    fields[5] > 59
  ) {
    return null;
  }
  const instant = new Date(utc - zoneOffsetMs(zone));
  // 9999-12-31T23:59:59-14:00 is in the year 10000 in UTC, which no timestamp the API writes can show.
  return instant.getUTCFullYear() <= 9999 ? instant : null;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

/** Timestamp text as a Date; empty is absent; anything else is left for the validator to reject. */
export function toDate({ value }: { value: unknown }): unknown {
  if (value === '' || value === null) return undefined;
  if (typeof value !== 'string') return value;
  return parseTimestamp(value) ?? value;
}

const DESCRIPTION = 'ISO 8601 timestamp, e.g. 2013-08-17T08:00:00+08:00';
const MESSAGE = '$property must be an ISO 8601 timestamp such as 2013-08-17T00:00:00Z';

export function RequiredTimestamp() {
  return applyDecorators(
    ApiProperty({ type: String, format: 'date-time', description: DESCRIPTION }),
    Transform(toDate),
    IsDate({ message: MESSAGE }),
  );
}

export function OptionalTimestamp() {
  return applyDecorators(
    ApiPropertyOptional({ type: String, format: 'date-time', description: DESCRIPTION }),
    Transform(toDate),
    IsOptional(),
    IsDate({ message: MESSAGE }),
  );
}
