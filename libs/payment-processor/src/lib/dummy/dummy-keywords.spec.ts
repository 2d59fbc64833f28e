import { keywordsOf } from './dummy-keywords';

describe('keywordsOf', () => {
  it('should find every keyword when they combine in one instrument', () => {
    expect(keywordsOf('/cards/slow-lost', 'debit')).toEqual(new Set(['slow', 'lost']));
  });

  it('should count the instrument as pending too when it is pending-failed', () => {
    expect(keywordsOf('/bank_accounts/pending-failed', 'credit')).toEqual(new Set(['pending', 'pending-failed']));
  });

  it('should find none when the instrument is ordinary or missing', () => {
    expect([keywordsOf('/cards/ok', 'debit'), keywordsOf(null, 'refund')]).toEqual([new Set(), new Set()]);
  });

  it('should keep only lost and slow when the movement is a refund of the instrument', () => {
    expect(keywordsOf('/cards/declined-flaky-pending-failed-slow-lost', 'refund')).toEqual(new Set(['slow', 'lost']));
  });
});
