import { InitialSchema1732406400000 } from './1732406400000-initial-schema';

/** Every migration, oldest first. */
export const MIGRATIONS = [InitialSchema1732406400000];
