import { formatTimestamp } from './timestamps';

describe('formatTimestamp', () => {
  it('should write whole seconds without a fraction when the milliseconds are zero', () => {
    expect(formatTimestamp(new Date('2025-03-04T05:06:07.000Z'))).toBe('2025-03-04T05:06:07+00:00');
  });

  it('should write six fraction digits when the milliseconds are not zero', () => {
    expect(formatTimestamp(new Date('2025-03-04T05:06:07.089Z'))).toBe('2025-03-04T05:06:07.089000+00:00');
  });

  it('should keep null when there is no date', () => {
    expect(formatTimestamp(null)).toBeNull();
  });
});
