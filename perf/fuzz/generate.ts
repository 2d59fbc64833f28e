import { badAuth } from './auth';
import { formEncode, jsonEncode, percentEncode } from './encode';
import { KINDS, type Fixtures } from './fixtures';
import { FAMILIES, RawJson, type Family, type FuzzRequest, type ParamValue, type Params } from './model';
import { METHODS_BY_ROUTE, OPERATIONS, type Gen, type Operation, type Patch } from './operations';
import { Rng } from './prng';
import { malformedGuid, unknownGuid } from './values';

/*
 * Turns (seed, index) into one bad request: pick an endpoint, start from a
 * valid request for it, then apply one or two faults, each enough on its own
 * to get the request refused, and sometimes harmless noise on top.
 */

export type FaultCategory = 'state' | 'param' | 'path' | 'auth' | 'method' | 'route' | 'encoding';

/** Weights of the fault categories; the order is the order in which they are applied. */
const CATEGORY_WEIGHTS: readonly (readonly [number, FaultCategory])[] = [
  [8, 'state'],
  [38, 'param'],
  [18, 'path'],
  [18, 'auth'],
  [5, 'method'],
  [4, 'route'],
  [9, 'encoding'],
];

type Encoding = 'form' | 'json' | 'query' | 'split' | 'none';

interface Draft {
  family: Family;
  route: string;
  op: Operation;
  faults: string[];
  method: string;
  segments: { guid: string; company: string; key: string };
  /** Rewrites the built path (route faults). */
  rewritePath?: (path: string) => string;
  auth: string | null;
  headers: Record<string, string>;
  params: Params;
  query: Params;
  queryJunk: string;
  encoding: Encoding;
  jsonDuplicate?: { key: string; value: ParamValue };
  rawBody?: { bytes: Buffer; contentType: string | null };
  bom: boolean;
  invalidUtf8Tail: Buffer | null;
  chunked: boolean;
  /** Parameter names already broken, so that two breakers never undo each other. */
  touched: Set<string>;
}

export class RequestGenerator {
  private readonly master: Rng;
  private readonly byFamily: Map<Family, Operation[]>;

  constructor(
    seed: number,
    private readonly fixtures: Fixtures,
  ) {
    this.master = new Rng(seed);
    this.byFamily = new Map(FAMILIES.map((family) => [family, OPERATIONS.filter((op) => op.family === family)]));
  }

  /** Requests must be generated in index order: each takes the next child generator of the seed. */
  next(index: number): FuzzRequest {
    const rng = this.master.fork();
    const [a, b] = this.fixtures.companies;
    const swap = rng.chance(0.5);
    const g: Gen = { rng, self: swap ? b : a, other: swap ? a : b, indexes: new Set() };
    const family = rng.pick(FAMILIES);
    if (family === 'routing') return routingRequest(index, g);
    return buildRequest(index, g, rng.pick(this.byFamily.get(family) ?? []));
  }
}

// ---------------------------------------------------------------- endpoint requests

function buildRequest(index: number, g: Gen, op: Operation): FuzzRequest {
  const { rng, self } = g;
  const draft: Draft = {
    family: op.family,
    route: `${op.method} ${op.route}`,
    op,
    faults: [],
    method: op.method,
    segments: {
      guid: op.kind ? rng.pick(self.guids[op.kind]) : '',
      company: self.guid,
      key: self.callbackKey ?? `unknown${rng.int(0, 1e9)}`,
    },
    auth: op.public ? (rng.chance(0.3) ? self.auth : null) : self.auth,
    headers: {},
    params: op.body ? op.body.valid(g) : {},
    query: {},
    queryJunk: '',
    encoding: chooseEncoding(op, rng),
    bom: false,
    invalidUtf8Tail: null,
    chunked: false,
    touched: new Set(),
  };
  if (op.family === 'callbacks' && !self.callbackKey) draft.faults.push('path:callback-key-unknown');

  const categories = applicable(op, g);
  const chosen = new Set<FaultCategory>([rng.weighted(CATEGORY_WEIGHTS.filter(([, c]) => categories.includes(c)))]);
  if (rng.chance(0.25)) chosen.add(rng.weighted(CATEGORY_WEIGHTS.filter(([, c]) => categories.includes(c))));
  for (const [, category] of CATEGORY_WEIGHTS) if (chosen.has(category)) APPLY[category](draft, g);
  if (rng.chance(0.2)) addNoise(draft, g);
  return finalize(index, draft);
}

/** How the parameters travel. A callback is JSON; anything else is refused before its fields are read. */
function chooseEncoding(op: Operation, rng: Rng): Encoding {
  if (!op.body) return 'none';
  if (op.family === 'callbacks')
    return rng.weighted<Encoding>([
      [85, 'json'],
      [10, 'form'],
      [5, 'query'],
    ]);
  return rng.weighted<Encoding>([
    [40, 'form'],
    [40, 'json'],
    [10, 'query'],
    [10, 'split'],
  ]);
}

function applicable(op: Operation, g: Gen): FaultCategory[] {
  const categories: FaultCategory[] = ['method', 'route'];
  if (!op.public) categories.push('auth');
  if (op.kind || op.family === 'callbacks') categories.push('path');
  if (op.state) categories.push('state');
  if (op.list || (op.body && (op.family !== 'callbacks' || g.self.callbackKey))) categories.push('param');
  if (op.method !== 'GET') categories.push('encoding');
  return categories;
}

const APPLY: Record<FaultCategory, (draft: Draft, g: Gen) => void> = {
  state(draft, g) {
    const state = draft.op.state?.(g);
    if (!state) return;
    if (state.guid) draft.segments.guid = state.guid;
    if (state.params) draft.params = { ...state.params };
    draft.faults.push(`state:${state.label}`);
  },

  param(draft, g) {
    const { rng } = g;
    const op = draft.op;
    const inBody = op.body && (!op.list || rng.chance(0.5));
    if (inBody && op.body) {
      const wanted = rng.weighted([
        [70, 1],
        [22, 2],
        [8, 3],
      ]);
      let applied = 0;
      for (let attempt = 0; attempt < 12 && applied < wanted; attempt += 1) {
        const patch = rng.pick(op.body.breakers)(g);
        if (patch.json && draft.encoding !== 'json') continue;
        const keys = [...Object.keys(patch.set ?? {}), ...(patch.remove ?? [])];
        if (keys.some((key) => draft.touched.has(key))) continue;
        applyPatch(draft, patch, keys, g);
        applied += 1;
      }
      if (applied === 0) {
        // Only JSON breakers were drawn: switch to JSON and take one.
        draft.encoding = 'json';
        const patch = rng.pick(op.body.breakers)(g);
        applyPatch(draft, patch, [...Object.keys(patch.set ?? {}), ...(patch.remove ?? [])], g);
      }
      return;
    }
    // A list: offset/limit/filters in the query string.
    const breakers = [
      (): Patch => ({ label: `offset=${pageLabel(draft, 'offset', g)}` }),
      (): Patch => ({ label: `limit=${pageLabel(draft, 'limit', g)}` }),
      ...(op.list?.filters ?? []).map((breaker) => () => breaker(g)),
    ];
    for (const make of rng.sample(breakers, rng.int(1, 2))) {
      const patch = make();
      if (patch.set || patch.remove) {
        // Filters only travel in the query string, where only text exists.
        const value = Object.values(patch.set ?? {})[0];
        if (patch.json || value === undefined) {
          const key = Object.keys(patch.set ?? {})[0] ?? 'processor_uri';
          draft.query[key] = 'x'.repeat(600);
          draft.faults.push(`param:${key}=too-long`);
          continue;
        }
        Object.assign(draft.query, patch.set);
      }
      draft.faults.push(`param:${patch.label}`);
    }
  },

  path(draft, g) {
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
  },

  auth(draft, g) {
    const bad = badAuth(g.rng, g.self);
    draft.auth = bad.header;
    draft.faults.push(`auth:${bad.label}`);
  },

  method(draft, g) {
    const served = METHODS_BY_ROUTE.get(draft.op.route) ?? new Set<string>();
    const candidates = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'].filter((method) => !served.has(method));
    draft.method = g.rng.chance(0.1) ? g.rng.pick(['PROPFIND', 'PURGE', 'LINK', 'MKCOL']) : g.rng.pick(candidates);
    draft.faults.push(`method:${draft.method}`);
  },

  route(draft, g) {
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
  },

  encoding(draft, g) {
    const { rng } = g;
    const json = jsonEncode(draft.params);
    const objectBody = Boolean(draft.op.readsParams) || draft.op.family === 'callbacks';
    const variants: (() => [string, Buffer | string, string | null])[] = [
      () => ['truncated-json', json.length > 2 ? json.slice(0, rng.int(1, json.length - 1)) : '{', 'application/json'],
      () => ['trailing-garbage-json', json + rng.pick(['}', ',', 'x', ']', '{}', '\u0000']), 'application/json'],
      () => ['single-quoted-json', json === '{}' ? "{'a': 1}" : json.replace(/"/g, "'"), 'application/json'],
      () => [
        'invalid-json',
        rng.pick([
          '{"amount": NaN}',
          '{"a": undefined}',
          '{a: 1}',
          '{"a": 1,}',
          '{"a": 01}',
          '{"a": .5}',
          '{/* comment */}',
          '{"a": "\\x41"}',
          '{"a": "unterminated}',
          '{"a"}',
          '{,}',
          'nul',
          '{"a":1}{"b":2}',
          '\u00ff\u00fe',
        ]),
        'application/json',
      ],
      () => [
        'proto-poisoning',
        rng.pick(['{"__proto__": {"isAdmin": true}}', '{"constructor": {"prototype": {"isAdmin": true}}}']),
        'application/json',
      ],
      () => ['empty-json', '', 'application/json'],
      () => ['utf16-json', Buffer.from(`\ufeff${json}`, 'utf16le'), 'application/json'],
      () => [
        'unsupported-content-type',
        rng.pick(['<plan><amount>5</amount></plan>', json, 'a,b,c', '\u0089PNG']),
        rng.pick([
          'application/xml',
          'text/xml',
          'application/octet-stream',
          'image/png',
          'text/csv',
          'application/x-msgpack',
          'multipart/form-data',
          'multipart/form-data; boundary=fuzz',
        ]),
      ],
      () => ['invalid-content-type', json, rng.pick(['garbage', '/', 'a b/c d', 'application/', '/json'])],
      () => ['no-content-type', rng.chance(0.5) ? json : formEncode(draft.params) || 'a=b', null],
      ...(objectBody
        ? [
            (): [string, string, string] => [
              'not-an-object',
              rng.pick(['[]', '[{"amount": 1}]', '"text"', '42', 'true', 'false']),
              'application/json',
            ],
          ]
        : []),
    ];
    const make = rng.chance(0.01)
      ? (): [string, Buffer | string, string | null] => [
          'too-large',
          `{"a":"${'x'.repeat(1_100_000)}"}`,
          'application/json',
        ]
      : rng.pick(variants);
    const [label, body, contentType] = make();
    draft.rawBody = { bytes: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), contentType };
    draft.faults.push(`encoding:${label}`);
  },
};

function applyPatch(draft: Draft, patch: Patch, keys: string[], g: Gen): void {
  const single = keys.length === 1 && patch.set && keys[0] in draft.params ? keys[0] : null;
  if (single && draft.encoding === 'json' && g.rng.chance(0.15)) {
    // `{"amount": 100, …, "amount": "bad"}`: the parser keeps the last one.
    draft.jsonDuplicate = { key: single, value: draft.params[single] };
    draft.faults.push('param:json-duplicate-key');
  }
  for (const key of patch.remove ?? []) delete draft.params[key];
  Object.assign(draft.params, patch.set ?? {});
  keys.forEach((key) => draft.touched.add(key));
  draft.faults.push(`param:${patch.label}`);
}

function pageLabel(draft: Draft, name: 'offset' | 'limit', g: Gen): string {
  const { rng } = g;
  const [label, value] = rng.pick<[string, string | string[]]>([
    ['negative', rng.pick(['-1', '-100', '-9007199254740991'])],
    ['not-an-integer', rng.pick(['abc', '1.5', '1e2', '0x10', 'NaN', ' ', '10;', '١', '%'])],
    // offset stops at 10^9, limit at 2^53 − 1 (anything above 100 is served as 100).
    [
      'overflow',
      rng.pick([
        ...(name === 'offset' ? ['1000000001'] : []),
        '9007199254740992',
        '99999999999999999999999',
        '1'.repeat(2000),
      ]),
    ],
    ['duplicated', ['1', '2']],
    ['nul', '1\u0000'],
  ]);
  draft.query[name] = value;
  return label;
}

// ---------------------------------------------------------------- noise

const ODD_TEXT = ['Ω≈ç√', '田中さん', '😀', '\u202e', "' OR 1=1 --", '<script>', '\ud800x', '\u0007bell'];

function addNoise(draft: Draft, g: Gen): void {
  const { rng } = g;
  const hasBody = draft.method !== 'GET' && !draft.rawBody && draft.encoding !== 'none';
  const target = hasBody && draft.encoding !== 'query' ? draft.params : draft.query;
  const choices: [string, () => void][] = [
    ['unknown-params', () => Object.assign(target, { unknown_param: rng.pick(ODD_TEXT), refund_amount: '5', x: '' })],
    [
      'many-params',
      () => {
        for (let i = 0; i < rng.int(100, 500); i += 1) target[`p${i}`] = String(i);
      },
    ],
    ['accept', () => (draft.headers.accept = rng.pick(['text/html', 'application/xml', '*/*', 'image/*;q=0.1', '']))],
    ['origin', () => (draft.headers.origin = rng.pick(['http://evil.example', 'null', 'http://localhost']))],
    ['request-id', () => (draft.headers['x-request-id'] = rng.pick(['r'.repeat(4000), 'ÿÿÿ', '../../etc', ' ', '1']))],
    [
      'forwarded',
      () => {
        draft.headers['x-forwarded-for'] = rng.pick(['garbage, 999.999.1.1', '::ffff:zz', '']);
        draft.headers['x-forwarded-proto'] = rng.pick(['gopher', 'https, http', '']);
        draft.headers['x-forwarded-host'] = rng.pick(['evil.example', 'a b', '']);
      },
    ],
    ['idempotency-key', () => (draft.headers['idempotency-key'] = rng.pick(['k'.repeat(5000), 'ÿ', '']))],
    [
      'content-encoding',
      () => (draft.headers['content-encoding'] = rng.pick(['gzip', 'br', 'deflate', 'identity, gzip', 'x-unknown'])),
    ],
    [
      'query-junk',
      () =>
        (draft.queryJunk = rng.pick([
          '&&=&a[b]=c&=x',
          '&%=%&%zz',
          '&__proto__[x]=1&constructor[prototype][x]=1',
          '&limit',
        ])),
    ],
  ];
  if (hasBody) choices.push(['chunked', () => (draft.chunked = true)]);
  if (hasBody && draft.encoding === 'json') {
    choices.push(['bom', () => (draft.bom = true)]);
    choices.push(['lone-surrogate', () => (draft.params.note = '\ud800\udfff\udc00')]);
    choices.push([
      'deep-json',
      () => {
        // Written as text: a recursive encoder would overflow its own stack first.
        let open = '';
        let close = '';
        for (let depth = rng.int(100, 5000); depth > 0; depth -= 1) {
          const array = rng.chance(0.5);
          open += array ? '[' : '{"a":';
          close = (array ? ']' : '}') + close;
        }
        draft.params.nested = new RawJson(`${open}"bottom"${close}`);
      },
    ]);
    choices.push([
      'charset',
      () =>
        (draft.headers['x-fuzz-content-type'] = rng.pick([
          'application/json; charset=utf-8',
          'APPLICATION/JSON',
          'application/json;charset=latin1',
        ])),
    ]);
  }
  if (hasBody && (draft.encoding === 'form' || draft.encoding === 'split')) {
    choices.push([
      'invalid-utf8',
      () => (draft.invalidUtf8Tail = Buffer.from([0x26, 0x6e, 0x3d, 0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80])),
    ]);
    choices.push(['percent-invalid-utf8', () => (draft.queryJunk += '&note=%FF%FE%C0%AF')]);
    choices.push(['proto-keys', () => (draft.queryJunk += '&__proto__=1&constructor=2&hasOwnProperty=3')]);
  }
  const [label, apply] = rng.pick(choices);
  apply();
  draft.faults.push(`noise:${label}`);
}

// ---------------------------------------------------------------- wire format

function finalize(index: number, draft: Draft): FuzzRequest {
  let path = draft.op.route
    .replace(':guid', draft.segments.guid)
    .replace(':company', draft.segments.company)
    .replace(':key', draft.segments.key);
  if (draft.rewritePath) path = draft.rewritePath(path);

  const headers = { ...draft.headers };
  if (draft.auth !== null) headers.authorization = draft.auth;
  const contentTypeOverride = headers['x-fuzz-content-type'];
  delete headers['x-fuzz-content-type'];

  let body: Buffer | undefined;
  const query: Params = { ...draft.query };
  if (draft.rawBody) {
    body = draft.rawBody.bytes;
    if (draft.rawBody.contentType !== null) headers['content-type'] = draft.rawBody.contentType;
  } else {
    switch (draft.encoding) {
      case 'form':
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = Buffer.from(formEncode(draft.params), 'utf8');
        break;
      case 'json': {
        let text = jsonEncode(draft.params);
        if (draft.jsonDuplicate && text !== '{}') {
          text = `{${JSON.stringify(draft.jsonDuplicate.key)}:${jsonEncode(draft.jsonDuplicate.value)},${text.slice(1)}`;
        }
        headers['content-type'] = contentTypeOverride ?? 'application/json';
        body = Buffer.from(draft.bom ? `\ufeff${text}` : text, 'utf8');
        break;
      }
      case 'query':
        Object.assign(query, draft.params);
        break;
      case 'split': {
        const inBody: Params = {};
        for (const [key, value] of Object.entries(draft.params)) {
          if (key.length % 2 === 0) query[key] = value;
          else inBody[key] = value;
        }
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = Buffer.from(formEncode(inBody), 'utf8');
        break;
      }
      case 'none':
        break;
    }
    if (body && draft.invalidUtf8Tail) body = Buffer.concat([body, draft.invalidUtf8Tail]);
  }
  if (draft.method === 'GET' || draft.method === 'HEAD') body = undefined;

  const search = formEncode(query) + draft.queryJunk;
  return {
    index,
    family: draft.family,
    route: draft.route,
    faults: draft.faults,
    method: draft.method,
    path: search ? `${path}?${search.replace(/^&/, '')}` : path,
    headers,
    body,
    ...(draft.chunked && body ? { chunked: true } : {}),
  };
}

// ---------------------------------------------------------------- routing

/** Unknown paths, unsupported and unknown methods: answered before any endpoint runs. */
function routingRequest(index: number, g: Gen): FuzzRequest {
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
