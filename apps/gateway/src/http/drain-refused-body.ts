import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** How much of a refused body is read and dropped before its answer goes out, and for how long at most. */
const DRAIN_MAX_BYTES = 16 * 1024 * 1024;
const DRAIN_MAX_MS = 5_000;

/**
 * An answer sent before the request body was read (a body over the limit: 413) closes the connection. Closing a
 * socket with unread bytes resets it, so a client still sending the body sees EPIPE or ECONNRESET instead of the
 * answer. The rest of the body is therefore read and dropped first, within limits, and the answer sent after it.
 */
export function installRefusedBodyDrain(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, _reply, payload) => {
    if (!request.raw.complete && !request.raw.destroyed) await drain(request.raw);
    return payload;
  });
}

function drain(raw: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    let received = 0;
    const done = () => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', done);
      raw.off('close', done);
      raw.off('error', done);
      resolve();
    };
    const onData = (chunk: Buffer | string) => {
      received += chunk.length;
      if (received > DRAIN_MAX_BYTES) done();
    };
    const timer = setTimeout(done, DRAIN_MAX_MS);
    raw.on('data', onData);
    raw.on('end', done);
    raw.on('close', done);
    raw.on('error', done);
    raw.resume();
  });
}
