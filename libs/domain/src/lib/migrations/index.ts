import { InitialSchema1732406400000 } from './1732406400000-initial-schema';
import { AdvancingTestClocksIndex1795540000000 } from './1795540000000-advancing-test-clocks-index';

/** Every migration, oldest first. */
export const MIGRATIONS = [InitialSchema1732406400000, AdvancingTestClocksIndex1795540000000];
