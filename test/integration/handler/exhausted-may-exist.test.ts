import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { MAY_ALREADY_EXIST } from '../../../functions/relationships/failure-record';
import { type RelayHarness, startRelayHarness } from '../../support/relay-handler-harness';
import { relationshipBody } from '../../support/sqs-event-builder';

// Soak finding F2: a delivery created the relationship and was then lost (crash or timeout before
// SQS heard of it); the last allowed delivery fails transiently and parks the message, although
// the relationship exists. The DLQ record must say so, and that a replay is harmless.

const body = relationshipBody({
  target_doc_id__v: 500,
  target_major_version__v: 0,
  target_minor_version__v: 1,
});

const atReceive = (event: SQSEvent, receiveCount: number): SQSEvent => ({
  Records: event.Records.map((record) => ({
    ...record,
    attributes: { ...record.attributes, ApproximateReceiveCount: String(receiveCount) },
  })),
});

describe('relay handler parking a message whose relationship an earlier delivery created', () => {
  let harness: RelayHarness;
  afterEach(async () => harness?.stop());

  it('marks the RETRIES_EXHAUSTED record as possibly created, and a replay answers it as existing', async () => {
    // Prepare: the first delivery created it, but its answer never reached SQS
    harness = await startRelayHarness();
    await harness.send([body]);
    const event = await harness.receiveEvent(1);
    await harness.invoke(event);
    await harness.send([body]);
    const redelivered = atReceive(await harness.receiveEvent(1), 5);
    harness.vault.injectFaults('create_single', ['http_503']);

    // Act
    await harness.invoke(redelivered);
    const [letter] = await harness.readDeadLetters(1);
    await harness.send([body]);
    const replay = await harness.invoke(await harness.receiveEvent(1));

    // Assess
    const failure = JSON.parse(letter?.MessageAttributes?.['relay.failure']?.StringValue ?? '{}');
    expect(failure).toMatchObject({ code: 'RETRIES_EXHAUSTED', attempts: 5 });
    expect(failure.message).toContain(MAY_ALREADY_EXIST);
    expect(failure.message).toContain('last: VAULT_HTTP_503');
    expect(replay).toEqual({ batchItemFailures: [] });
    expect(harness.vault.relationships()).toHaveLength(1);
    expect(harness.metric('AlreadyExisted')).toBe(1);
  });
});
