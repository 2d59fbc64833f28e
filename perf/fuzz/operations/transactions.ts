import type { Operation } from './operation';
import { getOp, listOp } from './standard-operations';

export const transactions: Operation[] = [
  listOp('transactions', '/v1/transactions'),
  getOp('transactions', '/v1/transactions/:guid', 'transaction'),
];
