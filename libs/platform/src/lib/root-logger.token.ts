/** Injection token of the process's pino logger, for lines logged outside Nest's Logger (the gateway's requests). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
