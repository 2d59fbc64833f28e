import type { CompanyFixture, Kind } from '../fixtures';
import type { Family } from '../model';
import type { Breaker, Operation, OperationBody, OperationState } from './operation';

/* The shapes most families share: create, list, retrieve, write, delete and the lists under an entity. */

/** `POST <route>`: creates an entity from the body parameters (`more`: a public route, a refusing state). */
export function createOp(
  family: Family,
  route: string,
  body: OperationBody,
  more: Pick<Operation, 'public' | 'state'> = {},
): Operation {
  return { family, method: 'POST', route, readsParams: true, body, ...more };
}

/** `<method> <route>` with body parameters, on one entity of `kind`; `state` names one that refuses it. */
export function writeOp(
  family: Family,
  method: 'POST' | 'PUT',
  route: string,
  kind: Kind,
  body: OperationBody,
  state: OperationState,
): Operation {
  return { family, method, route, kind, readsParams: true, body, state };
}

/** `GET <route>`: a list, with offset/limit and the given `filters` in the query string. */
export function listOp(family: Family, route: string, filters?: Breaker[]): Operation {
  return { family, method: 'GET', route, readsParams: true, list: filters ? { filters } : {} };
}

/** `GET <route>`: one entity of `kind`. */
export function getOp(family: Family, route: string, kind: Kind): Operation {
  return { family, method: 'GET', route, kind };
}

/** `DELETE <route>`, refused for an entity the caller already deleted. */
export function deleteOp(
  family: Family,
  route: string,
  kind: Kind,
  deleted: (self: CompanyFixture) => string,
): Operation {
  return {
    family,
    method: 'DELETE',
    route,
    kind,
    state: (g) => ({ label: 'already-deleted', guid: deleted(g.self) }),
  };
}

/** `GET <base>/:guid/<sub>` for every sub-list. */
export function subListOps(family: Family, base: string, kind: Kind, subLists: string[]): Operation[] {
  return subLists.map((sub) => ({
    family,
    method: 'GET' as const,
    route: `${base}/:guid/${sub}`,
    kind,
    readsParams: true,
    list: {},
  }));
}
