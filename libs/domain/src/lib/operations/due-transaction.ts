/** What the settlement queue needs to know of a transaction that is due. */
export interface DueTransaction {
  guid: string;
  attempt: number;
  failureCount: number;
}
