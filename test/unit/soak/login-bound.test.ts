import { describe, expect, it } from 'vitest';
import { loginFailureBound } from '../../../local/soak/login-bound';

describe('loginFailureBound', () => {
  it('allows one failure per open period per container, one per rotation per poller, plus slack', () => {
    // prepare
    const input = {
      runtimeMs: 61_000,
      breakerOpenMs: 30_000,
      rotations: 1,
      pollers: 2,
      containers: 3,
      slack: 2,
    };

    // act
    const bound = loginFailureBound(input);

    // assess
    expect(bound).toBe(1 * 2 + 3 * 3 + 2);
  });

  it('refuses a breaker that never stays open', () => {
    // prepare / act / assess
    expect(() =>
      loginFailureBound({
        runtimeMs: 1,
        breakerOpenMs: 0,
        rotations: 0,
        pollers: 1,
        containers: 1,
        slack: 0,
      }),
    ).toThrow(RangeError);
  });
});
