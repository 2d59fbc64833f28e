import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI 3 generated from the controllers: Swagger UI at /docs, JSON at /docs-json. */
export function installOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Billy')
      .setDescription(
        'Recurring billing API. Authenticate with HTTP Basic: your API key as the user name, an empty password. ' +
          'Bodies may be form-encoded or JSON. Amounts are integer cents.',
      )
      .setVersion('1')
      .addBasicAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
