import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { Matches, IsOptional } from 'class-validator';
import { validationError } from '../http/api-error';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
/** The longest range a report covers: a year, leap day included. */
export const MAX_REPORT_DAYS = 366;
/** Without `from`, the revenue report covers this many days up to `to`. */
const DEFAULT_DAYS = 30;

/** `from` and `to`: UTC days, both included. */
export class DayRangeParams {
  @IsOptional()
  @Matches(DAY, { message: '$property must be a day: YYYY-MM-DD' })
  from?: string;

  @IsOptional()
  @Matches(DAY, { message: '$property must be a day: YYYY-MM-DD' })
  to?: string;
}

export function ApiDayRange(defaults: string) {
  return applyDecorators(
    ApiQuery({
      name: 'from',
      required: false,
      schema: { type: 'string', format: 'date' },
      description: `First day (UTC), ${defaults}`,
    }),
    ApiQuery({
      name: 'to',
      required: false,
      schema: { type: 'string', format: 'date' },
      description: 'Last day (UTC), included',
    }),
  );
}

/** A range as instants: [start, end) in UTC, and its days as given. */
export interface DayRange {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

function dayOf(name: string, text: string): Date {
  const date = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw validationError(`${name}: ${text} is not a day of the calendar`);
  }
  return date;
}

/** The revenue report's range: the last 30 days up to today unless given, at most MAX_REPORT_DAYS. */
export function reportRange(params: DayRangeParams, now: Date): DayRange {
  const end = params.to
    ? new Date(dayOf('to', params.to).getTime() + DAY_MS)
    : new Date(Math.floor(now.getTime() / DAY_MS + 1) * DAY_MS);
  const start = params.from ? dayOf('from', params.from) : new Date(end.getTime() - DEFAULT_DAYS * DAY_MS);
  if (start >= end) throw validationError('from: must be on or before to');
  if (end.getTime() - start.getTime() > MAX_REPORT_DAYS * DAY_MS) {
    throw validationError(`from: a report covers at most ${MAX_REPORT_DAYS} days`);
  }
  const last = new Date(end.getTime() - DAY_MS);
  return { from: start.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10), start, end };
}

/** The export's range: any length, unbounded on a side not given. */
export function exportRange(params: DayRangeParams): { start: Date | null; end: Date | null } {
  const start = params.from ? dayOf('from', params.from) : null;
  const end = params.to ? new Date(dayOf('to', params.to).getTime() + DAY_MS) : null;
  if (start && end && start >= end) throw validationError('from: must be on or before to');
  return { start, end };
}
