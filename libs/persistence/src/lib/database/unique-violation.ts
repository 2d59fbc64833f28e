import { QueryFailedError } from 'typeorm';

/** True when a write failed on a unique index (optionally a given one): a duplicate, not a fault. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string; constraint?: string } })
    .driverError;
  return driverError?.code === '23505' && (constraint === undefined || driverError.constraint === constraint);
}
