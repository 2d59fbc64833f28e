import type { CompanyFixture, Kind } from '../fixtures';
import type { Family, Params } from '../model';
import type { Rng } from '../prng';

/*
 * Every endpoint of the API, with what a valid request looks like and which
 * changes ("breakers") make it invalid. The generator starts from a valid
 * request and applies faults; a breaker is only listed if it must be
 * rejected whatever else the request carries.
 */

/** The two companies, from the point of view of the caller. */
export interface Gen {
  rng: Rng;
  self: CompanyFixture;
  other: CompanyFixture;
  /** Item/adjustment indexes used so far by this request: two breakers must not share one, or they could complete each other. */
  indexes: Set<number>;
}

/** A change to the parameters that makes them invalid. */
export interface Patch {
  label: string;
  set?: Params;
  remove?: string[];
  /** Only expressible in a JSON body. */
  json?: boolean;
}

export type Breaker = (g: Gen) => Patch;

/** Parameters (in the body, or a GET's query string): a valid set, and the breakers that make it invalid. */
export interface OperationBody {
  valid: (g: Gen) => Params;
  breakers: Breaker[];
}

/** An entity whose state refuses an operation, with the (valid) parameters to send. */
export type OperationState = (g: Gen) => { label: string; guid: string; params?: Params } | null;

export interface Operation {
  family: Family;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Route template; `:guid` is the entity, `:company`/`:key` the callback's. */
  route: string;
  /** Kind of the entity named by `:guid`. */
  kind?: Kind;
  /** No API key needed. */
  public?: boolean;
  /** Reads parameters with @Params: a JSON body that is not an object is a 400. */
  readsParams?: boolean;
  /** Parameters read from the body of a POST/PUT, or from the query string of a GET that is no list. */
  body?: OperationBody;
  /** A list: offset/limit (and filters) in the query string. */
  list?: { filters?: Breaker[] };
  state?: OperationState;
}
