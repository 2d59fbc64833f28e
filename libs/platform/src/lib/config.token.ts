/** Injection token of the validated BillyConfig. */
export const BILLY_CONFIG = Symbol('BILLY_CONFIG');
