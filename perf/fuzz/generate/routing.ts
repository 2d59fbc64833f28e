import { badAuth } from '../auth';
import type { FuzzRequest } from '../model';
import type { Gen } from '../operations';

/** Unknown paths, unsupported and unknown methods: answered before any endpoint runs. */
export function routingRequest(index: number, g: Gen): FuzzRequest {
  const { rng, self } = g;
  const [label, method, path] = rng.pick<() => [string, string, string]>([
    () => [
      'unknown-path',
      'GET',
      rng.pick(['/v1/nothing', '/v2/customers', '/admin', '/v1', '/.env', '/v1/companies', '/wp-login.php']),
    ],
    () => [
      'unknown-path',
      rng.pick(['POST', 'PUT', 'DELETE', 'PATCH']),
      rng.pick(['/v1/nothing', '/v1', '/v1/refunds']),
    ],
    () => ['bad-percent', 'GET', rng.pick(['/%', '/v1/%E0%A4%A', '/v1/customers%', '/%00', '/v1/%FF%FE'])],
    () => ['long-path', 'GET', `/${'a'.repeat(rng.int(3000, 12_000))}`],
    () => ['huge-path', 'GET', `/v1/customers/${'x'.repeat(rng.int(17_000, 30_000))}`],
    () => ['wrong-method', 'POST', rng.pick(['/', '/health', '/ready', '/docs', '/docs-json'])],
    () => ['wrong-method', rng.pick(['PUT', 'DELETE', 'PATCH']), rng.pick(['/', '/health', '/ready'])],
    () => ['unusual-method', rng.pick(['PROPFIND', 'PURGE', 'LINK', 'UNLINK', 'MKCOL', 'REPORT']), '/v1/customers'],
    () => ['unknown-method', rng.pick(['FOO', 'BREW', 'GETS', 'POSTX']), rng.pick(['/v1/customers', '/v1/plans', '/'])],
    () => [
      'sub-path-of-public',
      'GET',
      rng.pick(['/health/x', '/ready/x', '/docs-json/x', '/v1/companies/x/callbacks']),
    ],
  ])();
  const headers: Record<string, string> = {};
  const auth = rng.pick([self.auth, null, badAuth(rng, self).header]);
  if (auth !== null) headers.authorization = auth;
  const body = method === 'GET' || rng.chance(0.5) ? undefined : Buffer.from('{"plan_type":"debit"}');
  if (body) headers['content-type'] = 'application/json';
  return {
    index,
    family: 'routing',
    route: `${method} ${label}`,
    faults: [`routing:${label}`],
    method,
    path,
    headers,
    body,
  };
}
