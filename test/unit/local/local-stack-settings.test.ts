import { describe, expect, it } from 'vitest';
import { redriveMaxReceiveCount } from '../../../infra/relay-queues';
import { REDRIVE_HEADROOM } from '../../../local/run/local-stack';

describe('local stack settings', () => {
  it('puts the redrive policy as far above MAX_ATTEMPTS as the deployed stack does', () => {
    const maxAttempts = 5;

    const local = maxAttempts + REDRIVE_HEADROOM;

    // The run keeps its own constant so it does not load aws-cdk-lib; this keeps the two equal.
    expect(local).toBe(redriveMaxReceiveCount(maxAttempts));
  });
});
