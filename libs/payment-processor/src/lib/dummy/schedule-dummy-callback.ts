import type { ProcessorEvent } from '../payment-processor';
import { dummyCallbackBody } from './dummy-callback';

// As long as Billy's own webhook deliveries wait for an answer.
const TIMEOUT_MS = 10_000;

/**
 * Posts the event to the callback URL at its `occurredAt`, from this process, as a processor's webhook
 * arrives some time after the call. The timer does not keep the process alive, and a lost or refused
 * callback is dropped: the dummy has no logger and no retries, and findMovement still tells the outcome.
 */
export function scheduleDummyCallback(url: string, event: ProcessorEvent): void {
  const timer = setTimeout(() => void post(url, event), Math.max(0, event.occurredAt.getTime() - Date.now()));
  timer.unref();
}

async function post(url: string, event: ProcessorEvent): Promise<void> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: dummyCallbackBody(event),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    // Read to the end, so the connection is released.
    await response.arrayBuffer();
  } catch {
    // Dropped, as explained above.
  }
}
