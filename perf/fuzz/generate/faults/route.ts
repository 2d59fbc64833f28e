import type { Fault } from '../draft';

/** A path next to the real one: an extra segment, another version, another case, a suffix. */
export const routeFault: Fault = (draft, g) => {
  const { rng } = g;
  const variant = rng.pick<[string, (path: string) => string]>([
    [
      'extra-segment',
      (path) => `${path}/${rng.pick(['nonexistent', 'foo', 'invoices_x', '%E2%82%AC', 'a/b/c', '..%2F..'])}`,
    ],
    ['version', (path) => path.replace('/v1/', rng.pick(['/v2/', '/V1/', '/v1.0/', '/api/v1/', '/v0/']))],
    ['resource-case', (path) => path.replace(/^\/v1\/([a-z_]+)/, (_, name: string) => `/v1/${name.toUpperCase()}`)],
    ['singular', (path) => path.replace(/^\/v1\/([a-z_]+)s(?=\/|$)/, '/v1/$1')],
    ['suffix', (path) => `${path}${rng.pick(['.json', ';x=1', '%2Fx', '~', '%20'])}`],
  ]);
  draft.rewritePath = variant[1];
  draft.faults.push(`route:${variant[0]}`);
};
