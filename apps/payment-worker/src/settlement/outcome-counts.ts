/** How many of a job's tries ended each way, printed as `done:48 skipped:2` for its log line and return value. */
export class OutcomeCounts {
  private readonly counts = new Map<string, number>();

  add(outcome: string, count = 1): void {
    if (count > 0) this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + count);
  }

  toString(): string {
    return [...this.counts].map(([outcome, count]) => `${outcome}:${count}`).join(' ');
  }
}
