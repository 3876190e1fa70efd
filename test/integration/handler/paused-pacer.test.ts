import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdaptivePacer } from '../../../functions/vault/adaptive-pacer';
import { createManualClock, type ManualClock } from '../../support/manual-clock';
import { type RelayHarness, startRelayHarness } from '../../support/relay-handler-harness';
import { relationshipBody } from '../../support/sqs-event-builder';

// Soak finding F1: a paused pacer refused at once, so a container bounced every batch it was given
// in a millisecond and burnt a receive of each message per bounce. Five deliveries of one batch
// inside the pause used to park it as RETRIES_EXHAUSTED after a single Vault call.

const bodies = [500, 501].map((target) =>
  relationshipBody({ target_doc_id__v: target, target_major_version__v: 0, target_minor_version__v: 1 }),
);

const delivery = (event: SQSEvent, receiveCount: number): SQSEvent => ({
  Records: event.Records.map((record) => ({
    ...record,
    attributes: { ...record.attributes, ApproximateReceiveCount: String(receiveCount) },
  })),
});

/** The handler wired with a pacer on a manual clock: its waits pass at once and are recorded. */
const startHarness = async (clock: ManualClock) =>
  startRelayHarness({
    overrides: { pacer: createAdaptivePacer({ reserveFraction: 0.2, clock, sleep: clock.sleep }) },
  });

/** Delivers the batch again and again (receive counts 1..5) until it is settled; the clock only moves by the pacer's waits. */
const deliverUntilSettled = async (harness: RelayHarness, event: SQSEvent, remainingMs: number) => {
  const deliveries: number[] = [];
  for (let receiveCount = 1; receiveCount <= 5; receiveCount += 1) {
    deliveries.push(receiveCount);
    const response = await harness.invoke(delivery(event, receiveCount), remainingMs);
    if (response.batchItemFailures.length === 0) break;
  }
  return deliveries;
};

describe('relay handler while the pacer is paused by API_LIMIT_EXCEEDED', () => {
  let harness: RelayHarness;
  afterEach(async () => harness?.stop());

  it('holds a delivery that cannot sit out the pause and bounces it past the pause; the next one creates', async () => {
    // Prepare: 60 s left, 3 s call timeout + 1 s margin: 56 s can be waited, the pause is 60 s
    const clock = createManualClock(1_000_000);
    harness = await startHarness(clock);
    harness.vault.injectFaults('create_bulk', ['api_limit']);
    await harness.send(bodies);
    const event = await harness.receiveEvent(2);

    // Act
    const deliveries = await deliverUntilSettled(harness, event, 60_000);

    // Assess
    expect(deliveries).toEqual([1, 2, 3]);
    expect(harness.vault.calls().create_bulk).toBe(2);
    expect(harness.vault.relationships().map((row) => row.target_doc_id__v)).toEqual([500, 501]);
    expect(await harness.readDeadLetters(1)).toEqual([]);
    // Delivery 2 was held for all it could afford instead of bounced at once; delivery 3 sat out
    // the last 4 s of the pause and made the call.
    expect(clock.sleeps).toEqual([56_000, 4_000]);
    const outcomes = harness.outcomeLines().map((line) => [line.outcome, line.code, line.retryDelaySeconds]);
    expect(outcomes).toEqual([
      ['retried', 'VAULT_API_LIMIT_EXCEEDED', 60],
      ['retried', 'VAULT_API_LIMIT_EXCEEDED', 60],
      // The visibility delay covers at least the rest of the pause (4 s): no redelivery inside it.
      ['retried', 'VAULT_BURST_RESERVE', 60],
      ['retried', 'VAULT_BURST_RESERVE', 60],
      ['created', undefined, undefined],
      ['created', undefined, undefined],
    ]);
  });

  it('sits out a pause the invocation can afford and creates on the next delivery', async () => {
    // Prepare: 120 s left: the whole 60 s pause can be waited
    const clock = createManualClock(1_000_000);
    harness = await startHarness(clock);
    harness.vault.injectFaults('create_bulk', ['api_limit']);
    await harness.send(bodies);
    const event = await harness.receiveEvent(2);

    // Act
    const deliveries = await deliverUntilSettled(harness, event, 120_000);

    // Assess
    expect(deliveries).toEqual([1, 2]);
    expect(clock.sleeps).toEqual([60_000]);
    expect(harness.vault.calls().create_bulk).toBe(2);
    expect(harness.vault.relationships()).toHaveLength(2);
    expect(harness.metric('Exhausted')).toBe(0);
  });
});
