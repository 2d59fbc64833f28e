import 'reflect-metadata';
import { ConfigError, loadConfig } from '@billy/config';
import { ensureDatabase, migrate } from '@billy/domain';
import { createGateway } from './create-gateway';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.secrets.isDevelopmentDefault) {
    console.warn(
      'BILLY_SECRET_KEY is not set: processor keys are encrypted with a development default. Set it in production.',
    );
  }
  await ensureDatabase(config.database.url);
  await migrate(config.database);
  const app = await createGateway(config);
  await app.listen(config.http.port, '0.0.0.0');
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
