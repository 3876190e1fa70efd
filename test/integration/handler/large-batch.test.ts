import { afterEach, describe, expect, it } from 'vitest';
import { type RelayHarness, startRelayHarness } from '../../support/relay-handler-harness';
import { buildLambdaContext, buildSqsEvent, buildSqsRecord } from '../../support/sqs-event-builder';

// Documents 500-899 exist in the fake's default seed, each with a v0.1; related_document__v is not
// target-version specific, so every (source, target) pair below is a distinct, creatable relationship.
const distinctBody = (index: number) => {
  const source = index % 400;
  const target = (source + 1 + Math.floor(index / 400)) % 400;
  return JSON.stringify({
    source_doc_id__v: 500 + source,
    source_major_version__v: 0,
    source_minor_version__v: 1,
    target_doc_id__v: 500 + target,
    relationship_type__v: 'related_document__v',
  });
};

describe('relay handler with batches above the 1000-row bulk limit', () => {
  let harness: RelayHarness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('creates a batch of 1500 in bulk calls of at most 1000 rows, each message mapped to its own relationship', async () => {
    harness = await startRelayHarness();
    const records = Array.from({ length: 1500 }, (_, index) => buildSqsRecord({ body: distinctBody(index) }));

    const response = await harness.handler(buildSqsEvent(records), buildLambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    expect(harness.vault.calls()).toMatchObject({ auth: 1, create_bulk: 2 });
    const byId = new Map(harness.vault.relationships().map((row) => [row.id, row]));
    expect(byId.size).toBe(1500);
    const outcomes = new Map(harness.outcomeLines().map((line) => [line.messageId, line]));
    for (const record of records) {
      const line = outcomes.get(record.messageId);
      expect(line?.outcome).toBe('created');
      const row = byId.get(line?.relationshipId as number);
      const sent = JSON.parse(record.body) as Record<string, number>;
      expect([row?.source_doc_id__v, row?.target_doc_id__v]).toEqual([
        sent.source_doc_id__v,
        sent.target_doc_id__v,
      ]);
    }
  });

  it('survives the session being refused under both bulk calls of one batch: one new login, every row once', async () => {
    harness = await startRelayHarness();
    harness.vault.injectFaults('create_bulk', ['invalid_session', 'invalid_session']);
    const records = Array.from({ length: 1200 }, (_, index) => buildSqsRecord({ body: distinctBody(index) }));

    const response = await harness.handler(buildSqsEvent(records), buildLambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    expect(harness.vault.calls()).toMatchObject({ auth: 2, create_bulk: 4 });
    expect(harness.vault.relationships()).toHaveLength(1200);
    expect(harness.metric('Created')).toBe(1200);
  });

  it('retries exactly the rows of the bulk call that failed, and deletes the created ones', async () => {
    harness = await startRelayHarness();
    harness.vault.injectFaults('create_bulk', ['http_502']);
    const records = Array.from({ length: 1200 }, (_, index) => buildSqsRecord({ body: distinctBody(index) }));

    const response = await harness.handler(buildSqsEvent(records), buildLambdaContext());

    // Which of the two concurrent calls (1000 or 200 rows) met the 502 is up to the scheduler.
    const retried = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    expect([1000, 200]).toContain(retried.size);
    const created = new Set(
      harness.vault.relationships().map((row) => `${row.source_doc_id__v}>${row.target_doc_id__v}`),
    );
    expect(created.size + retried.size).toBe(1200);
    for (const record of records) {
      const sent = JSON.parse(record.body) as Record<string, number>;
      const isCreated = created.has(`${sent.source_doc_id__v}>${sent.target_doc_id__v}`);
      expect(isCreated).toBe(!retried.has(record.messageId));
    }
  });

  it('parks a batch of 1200 invalid bodies, every one once, with no Vault call', async () => {
    harness = await startRelayHarness();
    const records = Array.from({ length: 1200 }, (_, index) => buildSqsRecord({ body: `{"n":${index}}` }));

    const response = await harness.handler(buildSqsEvent(records), buildLambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    expect(harness.vault.calls()).toEqual({});
    expect(harness.metric('Rejected')).toBe(1200);
    const parked: string[] = [];
    for (let round = 0; round < 200 && parked.length < 1200; round += 1) {
      for (const letter of await harness.readDeadLetters(10)) parked.push(letter.Body as string);
    }
    expect(parked.sort()).toEqual(records.map((record) => record.body).sort());
  });
});
