import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

interface Schema {
  [keyword: string]: unknown;
}

interface Operation {
  operationId: string;
  responses: Record<string, { content?: { 'application/json'?: { schema: Schema } } }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** One answer as the document names it: `GET /v1/customers/{guid} 404`. */
export type Answer = string;

/**
 * Checks answers against an OpenAPI document with a real JSON-schema validator: the status must be one the
 * operation documents, and the body must match that response's schema exactly. Every object is closed
 * (`additionalProperties: false`) for the check, so a field the document does not name fails too. It remembers
 * each answer it checked, for a test to see what it never saw.
 */
export class OpenApiValidator {
  readonly seen = new Set<Answer>();
  private readonly ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: { method: string; template: string; pattern: RegExp; operation: Operation }[] = [];

  constructor(readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      this.ajv.addSchema(closed(local(schema)), name);
    }
    for (const [template, item] of Object.entries(document.paths)) {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const [method, operation] of Object.entries(item)) {
        this.templates.push({ method: method.toUpperCase(), template, pattern, operation });
      }
    }
  }

  /** Every answer the document promises, but for 5XX, which a working server does not give on purpose. */
  documented(): Answer[] {
    return this.templates.flatMap(({ method, template, operation }) =>
      Object.keys(operation.responses)
        .filter((status) => status !== '5XX')
        .map((status) => `${method} ${template} ${status}`),
    );
  }

  /** The problems of one answer, none when it is as documented. */
  check(method: string, path: string, status: number, body: unknown): string[] {
    const route = this.templates.find((t) => t.method === method && t.pattern.test(path.split('?')[0]));
    if (!route) return [`${method} ${path} is not in the document`];
    const documented = route.operation.responses[String(status)] ?? route.operation.responses[`${String(status)[0]}XX`];
    if (!documented) return [`${method} ${route.template} answered ${status}, which the document does not list`];
    this.seen.add(`${method} ${route.template} ${status}`);
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) return [];
    const validate = this.validatorOf(schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${method} ${path} ${status}: ${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`,
    );
  }

  private validatorOf(schema: Schema): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(closed(local(schema)));
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/** The schema with its references to components as the names they were added under. */
function local(schema: Schema): Schema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"')) as Schema;
}

/** The schema with every object that names its properties closed to any other. */
function closed(schema: unknown): Schema {
  if (Array.isArray(schema)) return schema.map(closed) as unknown as Schema;
  if (typeof schema !== 'object' || schema === null) return schema as Schema;
  const copy: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) copy[keyword] = closed(value);
  if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}
