import type { ProcessorStatus } from '@billy/billing';
import type { CallbackRequest, ProcessorEvent } from '../payment-processor';
import { invalidCallbackPayload } from '../processor-errors';

const STATUSES: readonly ProcessorStatus[] = ['pending', 'succeeded', 'failed'];

/**
 * Reads a dummy callback `{ id, transaction_guid, status, occurred_at }`.
 * Nothing is signed: the secret callback key in the URL is the credential (billy.md §6.3).
 */
export function parseDummyCallback(request: CallbackRequest): ProcessorEvent | null {
  const body = parseObject(request.rawBody);
  const { id, transaction_guid: transactionGuid, status, occurred_at: occurredAt } = body;
  if (transactionGuid === undefined || transactionGuid === null || transactionGuid === '') return null;
  if (typeof transactionGuid !== 'string') throw invalidCallbackPayload('transaction_guid must be a string');
  if (typeof id !== 'string' || id === '') throw invalidCallbackPayload('id must be a non-empty string');
  if (!isStatus(status)) {
    throw invalidCallbackPayload(`status must be one of ${STATUSES.join(', ')}`);
  }
  const occurredAtDate = typeof occurredAt === 'string' ? new Date(occurredAt) : null;
  if (!occurredAtDate || Number.isNaN(occurredAtDate.getTime())) {
    throw invalidCallbackPayload('occurred_at must be an ISO 8601 timestamp');
  }
  return { eventId: id, transactionGuid, status, occurredAt: occurredAtDate };
}

/** The body parseDummyCallback reads back as this event: what the dummy posts to a company's callback URL. */
export function dummyCallbackBody(event: ProcessorEvent): string {
  return JSON.stringify({
    id: event.eventId,
    transaction_guid: event.transactionGuid,
    status: event.status,
    occurred_at: event.occurredAt.toISOString(),
  });
}

function isStatus(value: unknown): value is ProcessorStatus {
  return STATUSES.some((status) => status === value);
}

function parseObject(rawBody: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    throw invalidCallbackPayload('The callback body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidCallbackPayload('The callback body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}
