import type { Browser } from 'playwright-core';
import { ensureDebianPackage } from './debian-package';

/** Debian's Chromium: browser tests use it, never a browser a test tool downloads. */
export const CHROMIUM = '/usr/bin/chromium';

/** Debian's chromium package, installed when it is missing. */
export function ensureChromium(): string {
  return ensureDebianPackage(CHROMIUM, 'chromium');
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
