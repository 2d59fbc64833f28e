import { countSettlements } from '../metrics/worker-metrics';

/**
 * How many of a job's tries ended each way, printed as `done:48 skipped:2` for its log line and return value,
 * and counted in billy_settlements_total as they are added.
 */
export class OutcomeCounts {
  private readonly counts = new Map<string, number>();

  add(outcome: string, count = 1): void {
    if (count <= 0) return;
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + count);
    countSettlements(outcome, count);
  }

  toString(): string {
    return [...this.counts].map(([outcome, count]) => `${outcome}:${count}`).join(' ');
  }
}
