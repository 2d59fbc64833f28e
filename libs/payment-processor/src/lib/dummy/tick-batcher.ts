interface Waiting<I, O> {
  item: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the calls made within one turn of the event loop and serves them
 * with a single `run` (one statement for many concurrent callers). `run`
 * answers with one output per item, in order; if it throws, every caller of
 * that batch gets the error.
 */
export class TickBatcher<I, O> {
  private waiting: Waiting<I, O>[] = [];

  constructor(private readonly run: (items: I[]) => Promise<O[]>) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      if (this.waiting.length === 0) setImmediate(() => void this.flush());
      this.waiting.push({ item, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      const outputs = await this.run(batch.map((waiting) => waiting.item));
      batch.forEach((waiting, i) => waiting.resolve(outputs[i]));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
