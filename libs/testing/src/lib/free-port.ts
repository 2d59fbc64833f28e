import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

// Ports below the kernel's ephemeral range: an outgoing connection never takes one as its local port, as it
// may take a port listen(0) gave out a moment before the server that wanted it binds it.
const LOWEST = 20_000;
const TRIES = 100;

function ephemeralRangeStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return 32_768;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    // Every address: the apps listen on 0.0.0.0.
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/** A port that nothing listened on a moment ago, outside the range the kernel hands outgoing connections. */
export async function freePort(): Promise<number> {
  // A kernel whose ephemeral range starts low leaves a thousand ports above LOWEST all the same.
  const highest = Math.max(ephemeralRangeStart() - 1, LOWEST + 1_000);
  for (let i = 0; i < TRIES; i += 1) {
    const port = LOWEST + Math.floor(Math.random() * (highest - LOWEST + 1));
    if (await canListen(port)) return port;
  }
  throw new Error(`No free port between ${LOWEST} and ${highest} after ${TRIES} tries`);
}
