import { pollUntil } from './poll-until';

describe('pollUntil', () => {
  it('should return the first value done accepts, probing again until then', async () => {
    let probes = 0;

    const value = await pollUntil(
      () => (probes += 1),
      (count) => count === 3,
      { intervalMs: 1 },
    );

    expect(value).toBe(3);
    expect(probes).toBe(3);
  });

  it('should fail naming the last value seen when done never accepts one in time', async () => {
    let probes = 0;

    const polling = pollUntil(
      () => Promise.resolve({ settled: (probes += 1) }),
      () => false,
      { timeoutMs: 30, intervalMs: 5 },
    );

    await expect(polling).rejects.toThrow(/^Gave up after 30 ms; the last value seen was \{"settled":(\d+)\}$/);
    expect(probes).toBeGreaterThan(1);
    await expect(polling).rejects.toThrow(`{"settled":${probes}}`);
  });

  it('should let a failing probe fail the poll at once', async () => {
    const probe = jest.fn(() => Promise.reject(new Error('connection refused')));

    await expect(pollUntil(probe, () => true)).rejects.toThrow('connection refused');
    expect(probe).toHaveBeenCalledTimes(1);
  });
});
