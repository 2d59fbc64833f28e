import { KINDS } from '../../fixtures';
import { percentEncode } from '../../encode';
import { malformedGuid, unknownGuid } from '../../values';
import type { Fault } from '../draft';

/** A bad path segment: the entity's GUID, or a callback's company and key. */
export const pathFault: Fault = (draft, g) => {
  const { rng, self, other } = g;
  if (draft.op.family === 'callbacks') {
    const which = rng.pick(['company', 'key', 'key']);
    if (which === 'company') {
      const bad = rng.pick<[string, string]>([
        ['unknown-company', unknownGuid(rng, 'company')],
        ['foreign-company', other.guid],
        ['malformed-company', percentEncode(malformedGuid(rng, 'company', self.guid))],
        ['wrong-kind', rng.pick(self.guids.customer)],
      ]);
      draft.segments.company = bad[1];
      draft.faults.push(`path:${bad[0]}`);
    } else {
      const bad = rng.pick<[string, string]>([
        ['wrong-key', rng.string('abcdef0123456789', 44)],
        ['other-company-key', other.callbackKey ?? 'x'],
        ['api-key-as-callback-key', self.apiKey],
        ['truncated-key', (self.callbackKey ?? 'abc').slice(0, -1)],
        ['huge-key', 'k'.repeat(rng.int(101, 5000))],
        ['bad-percent', rng.pick(['%', '%zz', '%E0%A4%A', '%FF%FE', '%00'])],
        ['unicode-key', percentEncode('ключ😀')],
      ]);
      draft.segments.key = bad[1];
      draft.faults.push(`path:${bad[0]}`);
    }
    return;
  }
  const kind = draft.op.kind;
  if (!kind) return;
  const own = rng.pick(self.guids[kind]);
  const otherKind = rng.pick(KINDS.filter((candidate) => candidate !== kind));
  const bad = rng.pick<() => [string, string]>([
    () => ['foreign', rng.pick(other.guids[kind])],
    () => ['foreign', rng.pick(other.guids[kind])],
    () => ['unknown-guid', unknownGuid(rng, kind)],
    () => ['wrong-kind', rng.pick(self.guids[otherKind])],
    () => ['malformed-guid', percentEncode(malformedGuid(rng, kind, own))],
    () => ['too-long', `${own}${'x'.repeat(rng.int(80, 4000))}`],
    () => ['bad-percent', rng.pick(['%', '%zz', '%E0%A4%A', `${own}%`, '%C0%AF', '%ED%A0%80', '%FF%FE'])],
    () => ['nul', `${own}%00`],
    () => ['encoded-slash', `${own.slice(0, 6)}%2F${own.slice(6)}`],
    () => ['unicode', percentEncode(`${own.slice(0, 2)}€😀${own.slice(5)}`)],
    () => ['space', `${own}%20`],
  ])();
  draft.segments.guid = bad[1];
  draft.faults.push(`path:${bad[0]}`);
};
