import { basicAuth, type CompanyFixture } from './fixtures';
import type { Rng } from './prng';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export interface BadAuth {
  label: string;
  /** The Authorization header, or null for none. Every value is refused: none names a live key. */
  header: string | null;
}

/** An Authorization header that must give 401 (fetch only sends latin-1, so every value stays within it). */
export function badAuth(rng: Rng, self: CompanyFixture): BadAuth {
  const key = self.apiKey;
  return rng.pick<() => BadAuth>([
    () => ({ label: 'missing', header: null }),
    () => ({ label: 'empty', header: '' }),
    () => ({ label: 'scheme-only', header: rng.pick(['Basic', 'Basic ', 'basic   ']) }),
    () => ({
      label: 'wrong-scheme',
      header: `${rng.pick(['Bearer', 'Digest', 'Token', 'Basicx', 'Negotiate', 'OAuth'])} ${base64(`${key}:`)}`,
    }),
    () => ({ label: 'bare-key', header: key }),
    () => ({ label: 'no-colon', header: `Basic ${base64(key)}` }),
    () => ({ label: 'plain-text-credentials', header: `Basic ${key}:` }),
    () => ({
      label: 'garbage-base64',
      header: `Basic ${rng.pick(['!!!!', '====', 'a', '@@@@####', '%%%', 'Zm9v YmFy', '\u00ff\u00fe', '....'])}`,
    }),
    () => ({ label: 'empty-user', header: `Basic ${base64(`:${key}`)}` }),
    () => ({ label: 'unknown-key', header: basicAuth(rng.string(BASE58, rng.int(40, 44))) }),
    () => ({ label: 'revoked-key', header: basicAuth(self.revokedKey) }),
    () => ({ label: 'padded-key', header: basicAuth(rng.pick([` ${key}`, `${key} `, `${key}\t`])) }),
    () => ({ label: 'truncated-key', header: basicAuth(key.slice(0, -1)) }),
    () => ({
      label: 'other-case-key',
      header: basicAuth(key.toUpperCase() === key ? key.toLowerCase() : key.toUpperCase()),
    }),
    () => ({ label: 'company-guid-as-key', header: basicAuth(self.guid) }),
    () => ({ label: 'callback-key-as-key', header: basicAuth(self.callbackKey ?? 'not-a-key') }),
    () => ({ label: 'latin1', header: `Basic \u00e9\u00e8\u00ff${base64(`${key}:`)}` }),
    () => ({ label: 'two-credentials', header: `${basicAuth('nobody')}, ${self.auth}` }),
    () => ({ label: 'unicode-key', header: basicAuth('ключ😀') }),
    () => ({ label: 'nul-in-key', header: basicAuth(`${key}\u0000`) }),
    () => ({ label: 'long', header: `Basic ${'QUFB'.repeat(rng.int(250, 2000))}` }),
    // Beyond Node's 16 KiB header limit: the HTTP parser refuses it before any route runs.
    () => ({ label: 'huge', header: `Basic ${'QUFB'.repeat(rng.int(4500, 10_000))}` }),
  ])();
}
