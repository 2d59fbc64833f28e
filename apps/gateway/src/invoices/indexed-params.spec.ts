import { collectIndexed } from './indexed-params';

describe('collectIndexed', () => {
  it('should group keys by integer suffix and order groups numerically', () => {
    const params = { item_name10: 'ten', item_amount10: '10', item_name2: 'two', item_amount2: '2', title: 'x' };
    expect(collectIndexed(params, ['item_'], ['name', 'amount'])).toEqual([
      { name: 'two', amount: '2' },
      { name: 'ten', amount: '10' },
    ]);
  });

  it('should read signed and zero-padded suffixes as the same integer', () => {
    const params = { item_name01: 'a', item_amount1: '5', item_name0: 'zero', 'item_name-2': 'minus' } as Record<
      string,
      unknown
    >;
    expect(collectIndexed(params, ['item_'], ['name', 'amount'])).toEqual([
      { name: 'minus' },
      { name: 'zero' },
      { name: 'a', amount: '5' },
    ]);
  });

  it('should ignore keys without an integer suffix or of unknown fields', () => {
    const params = { item_namexxx: 'a', item_name: 'b', item_colour1: 'red', item_name1: 'ok' };
    expect(collectIndexed(params, ['item_'], ['name'])).toEqual([{ name: 'ok' }]);
  });

  it('should accept several prefixes for the same list', () => {
    const params = { adjustment_amount1: '-5', adjustments_amount2: '7', adjustments_reason2: 'fee' };
    expect(collectIndexed(params, ['adjustments_', 'adjustment_'], ['amount', 'reason'])).toEqual([
      { amount: '-5' },
      { amount: '7', reason: 'fee' },
    ]);
  });
});
