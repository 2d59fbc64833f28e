import { Queue } from 'bullmq';
import type { WorkerQueue } from '@billy/config';
import { QUEUE, queueSettings } from '@billy/queues';
import { createTestEnvironment, pollUntil } from '@billy/testing';
import { createApp } from '../src/app/create-app';

describe('BILLY_WORKER_QUEUES', () => {
  it.each<[WorkerQueue, WorkerQueue]>([
    ['webhooks', 'settlement'],
    ['settlement', 'webhooks'],
  ])('should consume the %s queue and not the %s queue when only the first is named', async (consumed, left) => {
    const environment = await createTestEnvironment('worker_queues', { BILLY_WORKER_QUEUES: consumed });
    const settings = queueSettings(environment.config.redis);
    const queues = { consumed: new Queue(QUEUE[consumed], settings), left: new Queue(QUEUE[left], settings) };
    const app = await createApp(environment.config);
    try {
      // A worker names its connection once it has connected, a moment after start-up.
      const workers = await pollUntil(
        () => queues.consumed.getWorkersCount(),
        (count) => count > 0,
      );

      expect(workers).toBe(1);
      expect(await queues.left.getWorkersCount()).toBe(0);
    } finally {
      await app.close();
      await Promise.all([queues.consumed.close(), queues.left.close()]);
      await environment.cleanup();
    }
  });
});
