import 'reflect-metadata';
import { runApp } from '@billy/platform';
import { createGateway } from './create-gateway';

runApp(async (config) => {
  const app = await createGateway(config);
  await app.listen(config.http.port, '0.0.0.0');
  return app;
});
