import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ClaimedTransaction, renewClaims } from '@billy/persistence';

/**
 * Keeps a job's claims alive while their calls wait and run (DESIGN.md
 * "Leases"): renewed every third of the lease, so no other worker takes over
 * a try whose call is open. A try is only sent while its claim was renewed
 * within half a lease: a worker cut off from PostgreSQL stops sending long
 * before another may claim the row.
 */
export class ClaimLease {
  private readonly logger = new Logger(ClaimLease.name);
  private readonly held: Map<string, ClaimedTransaction>;
  private renewedAt = performance.now();
  private renewal: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly leaseMs: number,
    claimed: readonly ClaimedTransaction[],
  ) {
    this.held = new Map(claimed.map((transaction) => [transaction.guid, transaction]));
    this.timer = setInterval(() => {
      this.renewal = this.renewal.then(() => this.renew());
    }, leaseMs / 3);
  }

  /** Whether this worker may still send the try's call. */
  holds(guid: string): boolean {
    return this.held.has(guid) && performance.now() - this.renewedAt < this.leaseMs / 2;
  }

  /** Stops renewing, once every call has ended and before the outcomes are recorded. */
  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.renewal;
  }

  private async renew(): Promise<void> {
    // Measured from before the statement, so a slow renewal never counts as fresher than it is.
    const startedAt = performance.now();
    try {
      const tokens = await renewClaims(this.dataSource.manager, [...this.held.values()]);
      for (const [guid, transaction] of this.held) {
        const token = tokens.get(guid);
        // The record matches the claim by its token, so it must carry the renewed one.
        if (token) transaction.claimToken = token;
        else this.held.delete(guid);
      }
      this.renewedAt = startedAt;
    } catch (error) {
      this.logger.warn({ msg: 'Could not renew claims', transactions: this.held.size, err: error });
    }
  }
}
