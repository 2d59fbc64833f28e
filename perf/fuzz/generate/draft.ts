import type { Family, ParamValue, Params } from '../model';
import type { Gen, Operation } from '../operations';
import type { Rng } from '../prng';

export type Encoding = 'form' | 'json' | 'query' | 'split' | 'none';

/** A request under construction: a valid one for `op`, which the faults then break. */
export interface Draft {
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

/** What a fault category does to a draft. */
export type Fault = (draft: Draft, g: Gen) => void;

/** A valid request for `op`, sent as the caller (`g.self`) with its own entities. */
export function startDraft(op: Operation, g: Gen): Draft {
  const { rng, self } = g;
  return {
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
}

/**
 * How the parameters travel. A GET's go in its query string (it has no body); a callback is JSON, as anything
 * else is refused before its fields are read.
 */
function chooseEncoding(op: Operation, rng: Rng): Encoding {
  if (!op.body) return 'none';
  if (op.method === 'GET') return 'query';
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
