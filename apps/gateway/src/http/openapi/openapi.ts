import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { BillyConfig } from '@billy/config';
import { completeDocument } from './complete-document';
import { operationId } from './operation-id';

const DESCRIPTION = [
  'Recurring billing: plans, customers, subscriptions, invoices and the transactions that settle them.',
  '',
  'Authenticate with HTTP Basic: your API key as the user name, an empty password. Bodies may be form-encoded',
  'or JSON. Amounts are integers in the currency’s minor unit (cents). Every authenticated POST takes an `Idempotency-Key`.',
  'Errors answer `{error_class, error_message}`.',
].join('\n');

/** The API's OpenAPI 3 document: the controllers as Nest reads them, completed by ./complete-document. */
export function buildOpenApiDocument(app: INestApplication, config: BillyConfig): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Billy')
    .setDescription(DESCRIPTION)
    .setVersion(process.env.npm_package_version ?? '0.1.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addBasicAuth({ type: 'http', scheme: 'basic', description: 'Your API key as the user name, no password' })
    .addSecurityRequirements('basic');
  // Without a public URL, the server that serves the document (what an absent `servers` means, said outright).
  builder.addServer(config.http.publicUrl ?? '/', config.http.publicUrl ? undefined : 'The server of this document');
  return completeDocument(SwaggerModule.createDocument(app, builder.build(), { operationIdFactory: operationId }));
}

/** Swagger UI at /docs, the JSON at /docs-json. */
export function installOpenApi(app: INestApplication, config: BillyConfig): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app, config), { jsonDocumentUrl: 'docs-json' });
}
