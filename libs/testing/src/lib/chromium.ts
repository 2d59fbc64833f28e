import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Debian's Chromium: browser tests use it, never a browser a test tool downloads. */
export const CHROMIUM = '/usr/bin/chromium';

/** Installs Debian's chromium package when it is missing and this runs as root; says what to run otherwise. */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0)
    throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install -y chromium\``);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-q'],
    ['install', '-y', '-q', 'chromium'],
  ]) {
    const run = spawnSync('apt-get', args, { env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    if (run.status !== 0 && args[0] === 'install') throw new Error(`apt-get install chromium failed: ${run.stderr}`);
  }
  return CHROMIUM;
}

/**
 * Headless Chromium for a test, with what this machine needs: no sandbox as root, and none of Chromium's own
 * background connections, which a closed network refuses.
 */
export async function launchChromium(): Promise<Browser> {
  // Loaded here, not with the lib: it takes about 0.2 s, and only the browser tests need it.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
