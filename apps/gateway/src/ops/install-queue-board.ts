import { createHash, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BillyConfig } from '@billy/config';
import { QUEUE, queueSettings, releaseQueueSettings } from '@billy/queues';
import { unauthenticated } from '../http/api-error';
import { basicCredentials } from '../http/auth/basic-credentials';

/** Where the board is served, on the API's port. */
export const QUEUE_BOARD_PATH = '/ops/queues';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether a Basic Authorization header carries the operator token as its password (any user name). */
function isOperator(authorization: string | undefined, token: string): boolean {
  const credentials = basicCredentials(authorization);
  // Digests have one length, so the comparison takes the same time whatever was sent.
  return credentials !== null && timingSafeEqual(digest(credentials.password), digest(token));
}

/**
 * bull-board at /ops/queues, for an operator to inspect and retry jobs: only when BILLY_OPERATOR_TOKEN is
 * set, and only to a request that sends it as the Basic auth password (a browser asks for it).
 */
export async function installQueueBoard(app: NestFastifyApplication, config: BillyConfig): Promise<void> {
  const token = config.ops.operatorToken;
  if (!token) return;
  const settings = queueSettings(config.redis);
  const queues = Object.values(QUEUE).map((name) => new Queue(name, settings));
  const board = new FastifyAdapter();
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter: board });
  board.setBasePath(QUEUE_BOARD_PATH);
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (isOperator(request.headers.authorization, token)) return;
      await reply
        .status(401)
        .header('WWW-Authenticate', 'Basic realm="Billy queues", charset="UTF-8"')
        .send(
          unauthenticated('The queue board needs the operator token (BILLY_OPERATOR_TOKEN) as the password').toBody(),
        );
    });
    await scope.register(board.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
  fastify.addHook('onClose', async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    await releaseQueueSettings(settings);
  });
}
