import type { Fault } from '../draft';
import type { FaultCategory } from '../fault-categories';
import { authFault } from './auth';
import { encodingFault } from './encoding';
import { methodFault } from './method';
import { paramFault } from './param';
import { pathFault } from './path';
import { routeFault } from './route';
import { stateFault } from './state';

/** What each fault category does to a draft. */
export const FAULTS: Record<FaultCategory, Fault> = {
  state: stateFault,
  param: paramFault,
  path: pathFault,
  auth: authFault,
  method: methodFault,
  route: routeFault,
  encoding: encodingFault,
};
