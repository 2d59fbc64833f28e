import type { CompanyFixture, Kind } from '../fixtures';
import { badReference, type BadValue } from '../values';
import { field } from './field';
import type { Breaker } from './operation';

/**
 * A breaker of a body parameter naming an entity of `kind` (`customer_guid`…); `deleted` names one of the caller's
 * deleted ones, `refused` its other own ones that the request must refuse (an exhausted coupon…).
 */
export function referenceField(
  name: string,
  kind: Kind,
  required: boolean,
  deleted: (self: CompanyFixture) => string,
  refused: (self: CompanyFixture) => BadValue[] = () => [],
): Breaker {
  return field(name, (g) =>
    badReference(g.rng, kind, g.self, g.other, { required, deleted: deleted(g.self), refused: refused(g.self) }),
  );
}
