import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { validationError } from '../http/api-error';

/** Deeper than any parameter may be (params.decorator.ts allows 8); bounds the recursion below. */
const MAX_DEPTH = 16;

/**
 * sha256 of the method, the path and the canonical JSON of the parameters (the
 * query string merged with the body, as handlers read them): two requests
 * with the same fingerprint ask for the same thing, whatever their key order.
 */
export function requestFingerprint(request: FastifyRequest): string {
  const path = request.url.split('?')[0];
  const body: unknown = request.body ?? {};
  const params = isPlainObject(body) ? { ...(request.query as object), ...body } : { query: request.query, body };
  return createHash('sha256')
    .update(`${request.method}\n${path}\n${canonicalJson(params, 0)}`)
    .digest('hex');
}

function canonicalJson(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw validationError(`Parameters must not be nested more than ${MAX_DEPTH} levels deep`);
  if (Array.isArray(value)) return `[${value.map((entry) => canonicalJson(entry, depth + 1)).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key], depth + 1)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
