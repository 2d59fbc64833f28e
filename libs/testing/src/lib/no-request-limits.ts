/**
 * Turns the gateway's request limits off: tests, benchmarks and the fuzzer send far more requests per
 * second with one key, and sign up far more companies from one address, than a client should. A test of
 * the limits turns them on again in its own environment.
 */
export const NO_REQUEST_LIMITS: NodeJS.ProcessEnv = {
  BILLY_RATE_LIMIT_PER_SECOND: '0',
  BILLY_SIGNUP_RATE_PER_HOUR: '0',
};
