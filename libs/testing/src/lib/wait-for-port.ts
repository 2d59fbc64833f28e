import { connect } from 'node:net';
import { pollUntil } from './poll-until';

/** Whether something accepts connections on 127.0.0.1:`port` right now. */
export function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Waits until a server listens on 127.0.0.1:`port`. */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  await pollUntil(
    () => portIsOpen(port),
    (open) => open,
    { timeoutMs, intervalMs: 100 },
  );
}
