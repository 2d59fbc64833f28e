import type { OpenAPIObject } from '@nestjs/swagger';
import { API_SCHEMAS } from '@billy/api-shapes';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../../idempotency/idempotency.interceptor';
import { BODY_LIMIT_BYTES } from '../body-limit';
import { PUBLIC_EXTENSION } from '../auth/public.decorator';
import { schemaRef } from './api-returns.decorator';

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ResponseObject = Extract<OperationObject['responses'][string], { description: string }>;
type ParameterObject = Extract<NonNullable<OperationObject['parameters']>[number], { name: string }>;
type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The errors any route of a kind can answer, each with Billy's error body (billy.md §2.4). */
const ERRORS = {
  400: 'The request is invalid (ValidationError) or not allowed in the resource’s state (InvalidOperationError)',
  401: 'No API key, or not a valid one (AuthenticationError)',
  403: 'The key may not do this (a read-only key writing), or the resource belongs to another company',
  404: 'No such resource (NotFound)',
  409: 'This Idempotency-Key belongs to a request still running, or to a different request',
  413: `The body is larger than ${BODY_LIMIT_BYTES / 1024} KiB`,
  429: 'Over the rate limit: retry after the seconds in Retry-After (RateLimitError)',
  '5XX': 'The server failed or is overloaded; a POST may be retried with the same Idempotency-Key',
} as const;

/** A public POST keeps no Idempotency-Key: its failure may hide a request that was done. */
const UNKEYED_FAILURE =
  'The server failed or is overloaded; the request may have been done, so look before repeating it';

type ErrorStatus = keyof typeof ERRORS;

const IDEMPOTENCY_KEY: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    `Any unique string up to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters. A retry with the same key and body ` +
    'answers what the first request answered, without doing it again (kept for 24 hours).',
  schema: { type: 'string', minLength: 1, maxLength: MAX_IDEMPOTENCY_KEY_LENGTH },
};

/**
 * What Nest's generator cannot see: the response schemas of libs/api-shapes, a list component for each page
 * a route returns, who needs no key, the Idempotency-Key of every POST, and the errors each route can answer.
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  const schemas: Record<string, SchemaObject> = document.components?.schemas ?? {};
  // Through JSON, which leaves out TypeBox's symbol keys.
  Object.assign(schemas, JSON.parse(JSON.stringify(API_SCHEMAS)) as Record<string, SchemaObject>);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) completeOperation(path, method, operation, schemas);
    }
  }
  return { ...document, components: { ...document.components, schemas } };
}

function completeOperation(
  path: string,
  method: (typeof METHODS)[number],
  operation: OperationObject,
  schemas: Record<string, SchemaObject>,
): void {
  const extensions = operation as unknown as Record<string, unknown>;
  const isPublic = extensions[PUBLIC_EXTENSION] === true;
  delete extensions[PUBLIC_EXTENSION];
  if (isPublic) operation.security = [];
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  const writes = method !== 'get';

  const named = parameters.some((parameter) => parameter.in === 'path');
  const errors: ErrorStatus[] = ['5XX'];
  if (!isPublic) errors.push(401, 429);
  if (!isPublic && (writes || named)) errors.push(403);
  if (named) errors.push(404);
  if (writes || parameters.some((parameter) => parameter.in === 'query')) errors.push(400);
  if (operation.requestBody) errors.push(413);
  if (method === 'post' && !isPublic) {
    errors.push(409);
    operation.parameters = [...parameters, IDEMPOTENCY_KEY];
  }
  if (method === 'post' && isPublic) operation.responses['5XX'] ??= errorResponse(UNKEYED_FAILURE);
  for (const status of errors) {
    operation.responses[status] ??= errorResponse(ERRORS[status]);
    if (status === 429) (operation.responses[status] as ResponseObject).headers = retryAfter();
  }
  for (const response of Object.values(operation.responses) as ResponseObject[]) {
    addListSchema(response, schemas);
  }
  if (!operation.summary) throw new Error(`${method.toUpperCase()} ${path} has no summary`);
}

export const errorResponse = (description: string): ResponseObject => ({
  description,
  content: { 'application/json': { schema: schemaRef('ApiError') } },
});

const retryAfter = () => ({
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' as const } },
});

/** A page of items: `XList` is `{items: X[], offset, limit}`, made the first time a route refers to it. */
function addListSchema(response: ResponseObject, schemas: Record<string, SchemaObject>): void {
  const ref = (response.content?.['application/json']?.schema as { $ref?: string } | undefined)?.$ref;
  const list = ref?.match(/^#\/components\/schemas\/(\w+)List$/);
  if (!list || schemas[`${list[1]}List`]) return;
  schemas[`${list[1]}List`] = {
    type: 'object',
    required: ['items', 'offset', 'limit'],
    properties: {
      items: { type: 'array', items: schemaRef(list[1]) },
      offset: { type: 'integer', description: 'Rows skipped' },
      limit: { type: 'integer', description: 'The most rows this page could hold' },
    },
  };
}
