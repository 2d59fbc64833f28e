import { CallSlots } from './call-slots';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CallSlots', () => {
  it('should run no more than its size at once and start waiters in order as slots free up', async () => {
    const slots = new CallSlots(2);
    const releases: (() => void)[] = [];
    const started: number[] = [];
    const calls = [1, 2, 3, 4].map((n) =>
      slots.run(() => {
        started.push(n);
        return new Promise<number>((resolve) => releases.push(() => resolve(n)));
      }),
    );

    await tick();
    expect(started).toEqual([1, 2]);
    releases[1]();
    await tick();
    expect(started).toEqual([1, 2, 3]);
    releases[0]();
    releases[2]();
    await tick();
    releases[3]();

    expect(await Promise.all(calls)).toEqual([1, 2, 3, 4]);
    expect(started).toEqual([1, 2, 3, 4]);
  });

  it('should free the slot when a call fails', async () => {
    const slots = new CallSlots(1);

    await expect(slots.run(() => Promise.reject(new Error('declined')))).rejects.toThrow('declined');

    await expect(slots.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
