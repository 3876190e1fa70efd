import { describe, expect, it } from 'vitest';
import { loginFailureBound } from '../../../local/soak/login-bound';

describe('loginFailureBound', () => {
  it('allows one failure per open period, per rotation and per racing caller, for each instance', () => {
    // prepare
    const input = {
      runtimeMs: 61_000,
      breakerOpenMs: 30_000,
      rotations: 1,
      instances: 2,
      concurrentCallers: 1,
    };

    // act
    const bound = loginFailureBound(input);

    // assess
    expect(bound).toBe(2 * (3 + 1 + 1));
  });

  it('refuses a breaker that never stays open', () => {
    // prepare / act / assess
    expect(() =>
      loginFailureBound({ runtimeMs: 1, breakerOpenMs: 0, rotations: 0, instances: 1, concurrentCallers: 0 }),
    ).toThrow(RangeError);
  });
});
