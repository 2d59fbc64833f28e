import type { CompanyFixture, Kind } from '../fixtures';
import { badReference } from '../values';
import { field } from './field';
import type { Breaker } from './operation';

/** A breaker of a body parameter naming an entity of `kind` (`customer_guid`…); `deleted` names one of the caller's deleted ones. */
export function referenceField(
  name: string,
  kind: Kind,
  required: boolean,
  deleted: (self: CompanyFixture) => string,
): Breaker {
  return field(name, (g) => badReference(g.rng, kind, g.self, g.other, { required, deleted: deleted(g.self) }));
}
