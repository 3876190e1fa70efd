import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from '../../../functions/relationships/backoff';

describe('retryDelaySeconds', () => {
  it('doubles from 30 s with each receive and stops at 900 s', () => {
    const receiveCounts = [1, 2, 3, 4, 5, 6, 7, 20];

    const delays = receiveCounts.map((count) => retryDelaySeconds(count));

    expect(delays).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
  });

  it('uses a retry-after hint when it is longer than the back-off', () => {
    const hinted = retryDelaySeconds(1, 299.2);

    expect(hinted).toBe(300);
  });

  it('ignores a shorter hint and caps a huge one at the SQS visibility limit', () => {
    const shorter = retryDelaySeconds(3, 5);
    const huge = retryDelaySeconds(1, 10 ** 9);

    expect(shorter).toBe(120);
    expect(huge).toBe(43_200);
  });

  it('treats a missing or nonsensical receive count as the first attempt', () => {
    const delays = [0, -3, Number.NaN].map((count) => retryDelaySeconds(count));

    expect(delays).toEqual([30, 30, 30]);
  });
});
