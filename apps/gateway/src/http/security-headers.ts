import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { QUEUE_BOARD_PATH } from '../ops/install-queue-board';

const API_HEADERS = {
  // The API answers JSON only: nothing it sends may load, run or frame anything.
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
};

const DOCS_HEADERS = {
  // Swagger UI at /docs: helmet's defaults allow its own scripts and its inline styles. The gateway may be
  // reached over plain HTTP (locally, or behind a proxy), where upgrading its assets to HTTPS would break the page.
  contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
};

// The console (apps/console): its own scripts and styles, calling only this server's API.
const CONSOLE_DIRECTIVES = {
  defaultSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  frameAncestors: ["'none'"],
};

const CONSOLE_HEADERS = { contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_DIRECTIVES } };

const QUEUE_BOARD_HEADERS = {
  // bull-board at /ops/queues (operators only, behind BILLY_OPERATOR_TOKEN): the console's policy, but its page
  // starts with an inline script that hands it its base path, and it styles inline.
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      ...CONSOLE_DIRECTIVES,
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
    },
  },
};

const under = (prefix: string) => (url: string) => url === prefix || url.startsWith(`${prefix}/`);
const isDocsRoute = under('/docs');
const isConsoleRoute = under('/console');
const isQueueBoardRoute = under(QUEUE_BOARD_PATH);

/** Helmet's security headers on every answer, errors included; call before any route is registered. */
export async function installSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  // Runs before helmet's own onRoute hook, which reads a route's `helmet` options.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      if (isDocsRoute(route.url)) route.helmet = DOCS_HEADERS;
      if (isConsoleRoute(route.url)) route.helmet = CONSOLE_HEADERS;
      if (isQueueBoardRoute(route.url)) route.helmet = QUEUE_BOARD_HEADERS;
    });
  await app.register(helmet, API_HEADERS);
}
