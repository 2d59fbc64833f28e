/**
 * At most `size` calls at once; the rest wait their turn in order. Bounds the
 * processor calls one worker has in flight, whatever the jobs it holds.
 */
export class CallSlots {
  private busy = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.busy < this.size) this.busy += 1;
    // A finishing call hands its slot straight to the next waiter.
    else await new Promise<void>((resolve) => this.queue.push(resolve));
    try {
      return await call();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.busy -= 1;
    }
  }
}
