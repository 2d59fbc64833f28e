import { createFixtures } from './fixtures';
import { RequestGenerator } from './generate';
import { COUNTED_SUMS, COUNTED_TABLES, type Counted, type FuzzRequest, type QueryFn } from './model';

export interface FuzzOptions {
  /** The gateway, e.g. `http://127.0.0.1:3000`. Only loopback addresses are accepted. */
  baseUrl: string;
  /** Bad requests to send (the set-up requests come on top). */
  count: number;
  seed: number;
  /** Requests in flight at once (default 16). */
  concurrency?: number;
  /** SQL in the gateway's schema: row counts before and after, and a known callback key. */
  query?: QueryFn;
  /** Stop sending after this long (default 10 minutes); the run then fails. */
  timeLimitMs?: number;
  /** Per request (default 20 s). */
  requestTimeoutMs?: number;
  /** Called every `progressEvery` requests. */
  onProgress?: (sent: number, count: number) => void;
  progressEvery?: number;
}

/** One request worth reporting: a 5xx, a malformed error body, a network error or an unexpected success. */
export interface FuzzFinding {
  index: number;
  reason: string;
  family: string;
  route: string;
  faults: string[];
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | null;
  status: number | null;
  response: string;
}

export interface RowCheck {
  checked: boolean;
  before: Partial<Record<Counted, number>>;
  after: Partial<Record<Counted, number>>;
  /** Growth the accepted requests can explain, per table (or sum), as [min, max]. */
  explained: Partial<Record<Counted, [number, number]>>;
  unexplained: { table: Counted; before: number; after: number; explained: [number, number] }[];
}

export interface FuzzReport {
  seed: number;
  count: number;
  sent: number;
  setupRequests: number;
  concurrency: number;
  durationMs: number;
  requestsPerSecond: number;
  timedOut: boolean;
  byStatus: Record<string, number>;
  byFamily: Record<string, Record<string, number>>;
  byFault: Record<string, Record<string, number>>;
  serverErrors: FuzzFinding[];
  malformedErrorBodies: FuzzFinding[];
  networkErrors: FuzzFinding[];
  accepted: FuzzFinding[];
  rows: RowCheck;
  ok: boolean;
}

/** What an accepted (2xx) request may have added, by `METHOD route`. */
const GROWTH: Record<string, Partial<Record<Counted, [number, number]>>> = {
  'POST /v1/companies': { companies: [1, 1] },
  'POST /v1/customers': { customers: [1, 1] },
  'POST /v1/plans': { plans: [1, 1] },
  'POST /v1/coupons': { coupons: [1, 1] },
  'POST /v1/test_clocks': { test_clocks: [1, 1] },
  'POST /v1/subscriptions': {
    subscriptions: [1, 1],
    invoices: [0, 1],
    transactions: [0, 1],
    coupon_redemptions: [0, 1],
  },
  'PUT /v1/subscriptions/:guid': { coupon_redemptions: [0, 1] },
  'POST /v1/invoices': { invoices: [1, 1], transactions: [0, 1], coupon_redemptions: [0, 1] },
  'PUT /v1/invoices/:guid': { transactions: [0, 1] },
  'POST /v1/invoices/:guid/refund': { transactions: [0, 1] },
  'POST /v1/companies/:company/callbacks/:key': { transaction_events: [0, 1] },
};

const MAX_TEXT = 600;

/**
 * Sets up two companies, then sends `count` generated bad requests with
 * bounded concurrency, and checks every answer: no 5xx, every error a JSON
 * `{error_class, error_message}`, and no row written by a refused request.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  assertLoopback(options.baseUrl);
  const concurrency = options.concurrency ?? 16;
  const timeLimitMs = options.timeLimitMs ?? 10 * 60_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 20_000;
  const fixtures = await createFixtures(options.baseUrl, options.query);
  const generator = new RequestGenerator(options.seed, fixtures);

  const report: FuzzReport = {
    seed: options.seed,
    count: options.count,
    sent: 0,
    setupRequests: fixtures.setupRequests,
    concurrency,
    durationMs: 0,
    requestsPerSecond: 0,
    timedOut: false,
    byStatus: {},
    byFamily: {},
    byFault: {},
    serverErrors: [],
    malformedErrorBodies: [],
    networkErrors: [],
    accepted: [],
    rows: { checked: false, before: {}, after: {}, explained: {}, unexplained: [] },
    ok: false,
  };

  const before = options.query ? await countRows(options.query) : null;
  const started = Date.now();
  const deadline = started + timeLimitMs;
  let next = 0;
  const worker = async () => {
    while (next < options.count) {
      if (Date.now() > deadline) {
        report.timedOut = true;
        return;
      }
      const request = generator.next(next);
      next += 1;
      await send(options.baseUrl, request, requestTimeoutMs, report);
      report.sent += 1;
      if (options.onProgress && report.sent % (options.progressEvery ?? 1000) === 0) {
        options.onProgress(report.sent, options.count);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  report.durationMs = Date.now() - started;
  report.requestsPerSecond = Math.round((report.sent / report.durationMs) * 1000);

  if (options.query && before) {
    report.rows = checkRows(before, await countRows(options.query), report.accepted);
  }
  report.ok =
    !report.timedOut &&
    report.sent === options.count &&
    report.serverErrors.length === 0 &&
    report.malformedErrorBodies.length === 0 &&
    report.networkErrors.length === 0 &&
    report.rows.unexplained.length === 0;
  return report;
}

async function send(baseUrl: string, request: FuzzRequest, timeoutMs: number, report: FuzzReport): Promise<void> {
  let status: string;
  try {
    const response = await fetch(baseUrl + request.path, {
      method: request.method,
      headers: request.headers,
      body: request.chunked && request.body ? streamOf(request.body) : request.body,
      ...(request.chunked ? { duplex: 'half' as const } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
    status = String(response.status);
    classify(request, response.status, response.headers.get('content-type'), text, report);
  } catch (error) {
    status = 'network-error';
    report.networkErrors.push(finding(request, `network error: ${describe(error)}`, null, ''));
  }
  tally(report.byStatus, status);
  tally((report.byFamily[request.family] ??= {}), status);
  for (const category of new Set(request.faults.map((fault) => fault.split(':')[0]))) {
    tally((report.byFault[category] ??= {}), status);
  }
}

function streamOf(bytes: Buffer): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      // Two chunks, so the parser really has to join them.
      const middle = Math.floor(bytes.length / 2);
      controller.enqueue(bytes.subarray(0, middle));
      controller.enqueue(bytes.subarray(middle));
      controller.close();
    },
  });
}

function classify(request: FuzzRequest, status: number, contentType: string | null, text: string, report: FuzzReport) {
  if (status >= 500) {
    report.serverErrors.push(finding(request, `${status}`, status, text));
    return;
  }
  if (status >= 400) {
    const problem = errorBodyProblem(contentType, text);
    if (problem) report.malformedErrorBodies.push(finding(request, problem, status, text));
    return;
  }
  report.accepted.push(finding(request, `accepted with ${status}`, status, text));
}

/** Every error must be JSON `{"error_class": "...", "error_message": "..."}` (extensions.md). */
export function errorBodyProblem(contentType: string | null, text: string): string | null {
  if (!contentType?.toLowerCase().includes('application/json')) return `content-type is ${contentType ?? 'missing'}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'body is not JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body is not a JSON object';
  const { error_class: errorClass, error_message: errorMessage } = body as Record<string, unknown>;
  if (typeof errorClass !== 'string' || errorClass === '') return 'error_class missing';
  if (typeof errorMessage !== 'string') return 'error_message missing';
  return null;
}

function finding(request: FuzzRequest, reason: string, status: number | null, response: string): FuzzFinding {
  return {
    index: request.index,
    reason,
    family: request.family,
    route: request.route,
    faults: request.faults,
    method: request.method,
    path: truncate(request.path),
    headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, truncate(value)])),
    body: request.body ? truncate(request.body.toString('utf8')) : null,
    status,
    response: truncate(response),
  };
}

const COUNTED: readonly Counted[] = [
  ...COUNTED_TABLES,
  ...(Object.keys(COUNTED_SUMS) as (keyof typeof COUNTED_SUMS)[]),
];

async function countRows(query: QueryFn): Promise<Record<Counted, number>> {
  const select = [
    ...COUNTED_TABLES.map((table) => `(SELECT count(*) FROM ${table})::int AS ${table}`),
    ...Object.entries(COUNTED_SUMS).map(([name, sql]) => `(${sql})::int AS ${name}`),
  ].join(', ');
  const [row] = await query(`SELECT ${select}`);
  return Object.fromEntries(COUNTED.map((name) => [name, Number(row[name])])) as Record<Counted, number>;
}

/** Row counts may only have grown by what accepted requests explain; for a clean run, not at all. */
function checkRows(before: Record<Counted, number>, after: Record<Counted, number>, accepted: FuzzFinding[]): RowCheck {
  const explained: Partial<Record<Counted, [number, number]>> = {};
  for (const finding of accepted) {
    const [, template] = finding.route.split(' ');
    const growth = GROWTH[`${finding.method} ${template}`] ?? {};
    for (const [table, [min, max]] of Object.entries(growth) as [Counted, [number, number]][]) {
      const [lo, hi] = explained[table] ?? [0, 0];
      explained[table] = [lo + min, hi + max];
    }
  }
  const unexplained = COUNTED.flatMap((table) => {
    const range = explained[table] ?? [0, 0];
    const delta = after[table] - before[table];
    return delta >= range[0] && delta <= range[1]
      ? []
      : [{ table, before: before[table], after: after[table], explained: range }];
  });
  return { checked: true, before, after, explained, unexplained };
}

function assertLoopback(baseUrl: string): void {
  const { hostname } = new URL(baseUrl);
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(hostname)) {
    throw new Error(`The fuzzer only talks to a local gateway, not ${hostname}`);
  }
}

function tally(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function truncate(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length} chars)` : text;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}
