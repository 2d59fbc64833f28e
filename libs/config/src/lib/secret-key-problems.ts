/** The key a process without BILLY_SECRET_KEY seals with: fine on a laptop, public everywhere else. */
export const DEVELOPMENT_SECRET_KEY = 'billy-development-secret-do-not-use-in-production';

/** Keys that were published as defaults (the code's, docker-compose.yml's first one): anyone can open what they seal. */
const PUBLIC_SECRET_KEYS = new Set([DEVELOPMENT_SECRET_KEY, 'change-me-to-a-long-random-secret']);

const PRODUCTION_MIN_LENGTH = 32;
const HOW_TO_MAKE_ONE = 'make one with `openssl rand -base64 48`';

/**
 * Why BILLY_SECRET_KEY cannot seal secrets in production (NODE_ENV=production):
 * missing, a published default or shorter than 32 characters. Elsewhere the
 * development default stands in, with a warning at start-up.
 */
export function secretKeyProblems(secretKey: string | undefined, nodeEnv: string | undefined): string[] {
  if (nodeEnv !== 'production') return [];
  if (secretKey === undefined) return [`BILLY_SECRET_KEY must be set when NODE_ENV=production: ${HOW_TO_MAKE_ONE}`];
  if (PUBLIC_SECRET_KEYS.has(secretKey)) {
    return [`BILLY_SECRET_KEY is a published default, which anyone can use to open your secrets: ${HOW_TO_MAKE_ONE}`];
  }
  if (secretKey.length < PRODUCTION_MIN_LENGTH) {
    return [`BILLY_SECRET_KEY must be at least ${PRODUCTION_MIN_LENGTH} characters in production: ${HOW_TO_MAKE_ONE}`];
  }
  return [];
}
