import 'reflect-metadata';
import { runApp } from '@billy/platform';
import { forkGateways } from './cluster';
import { createGateway } from './create-gateway';

if (!forkGateways()) {
  runApp(async (config) => {
    const app = await createGateway(config);
    await app.listen(config.http.port, '0.0.0.0');
    return app;
  });
}
