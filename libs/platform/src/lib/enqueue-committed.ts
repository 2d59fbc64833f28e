import type { Logger } from '@nestjs/common';

/**
 * Queues work whose rows are already committed. A Redis failure is logged, not
 * thrown: the rows stay due, and a scheduler sweep queues them again.
 */
export async function enqueueCommitted(logger: Logger, what: string, enqueue: () => Promise<void>): Promise<void> {
  try {
    await enqueue();
  } catch (error) {
    logger.warn({ err: error, msg: `Could not queue ${what}; the sweep will` });
  }
}
