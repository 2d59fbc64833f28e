import { startGatewayProcess, type GatewayProcess } from './gateway-process';
import { FAMILIES } from './model';
import { formatSummary } from './report';
import { runFuzz, type FuzzReport } from './runner';

/** The short, seeded variant of `npm run fuzz`: same generators, fewer requests. */
describe('bad-input fuzzing (e2e)', () => {
  const COUNT = 600;
  const SEED = 1337;
  let gateway: GatewayProcess;
  let report: FuzzReport;

  beforeAll(async () => {
    gateway = await startGatewayProcess('fuzz_spec');
    report = await runFuzz({
      baseUrl: gateway.baseUrl,
      count: COUNT,
      seed: SEED,
      concurrency: 8,
      query: gateway.query,
      timeLimitMs: 60_000,
    });
    if (!report.ok) console.log(formatSummary(report));
  }, 120_000);

  afterAll(() => gateway?.stop());

  it('should send every request to every endpoint family', () => {
    expect(report.sent).toBe(COUNT);
    expect(report.timedOut).toBe(false);
    for (const family of FAMILIES) expect(report.byFamily[family]).toBeDefined();
  });

  it('should never answer a bad request with a 5xx', () => {
    expect(report.serverErrors).toEqual([]);
    expect(report.networkErrors).toEqual([]);
  });

  it('should give every error the JSON body {error_class, error_message}', () => {
    expect(report.malformedErrorBodies).toEqual([]);
  });

  it('should refuse every bad request and leave the row counts unchanged', () => {
    expect(report.accepted).toEqual([]);
    expect(report.rows.checked).toBe(true);
    expect(report.rows.unexplained).toEqual([]);
    expect(report.rows.after).toEqual(report.rows.before);
  });
});
