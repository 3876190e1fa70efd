import { describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '../../../functions/relationships/errors';
import { createRelayService } from '../../../functions/relationships/relay-service';
import { DeadlineError } from '../../../functions/vault/vault-errors';
import {
  callContext,
  FakeVaultGateway,
  FIXED_NOW,
  fixedClock,
  RecordingDeadLetterSink,
  RecordingRetryScheduler,
  RecordingTelemetry,
} from '../../support/relay-port-fakes';
import {
  buildSqsRecord,
  FIRST_RECEIVED_AT,
  relationshipBody,
  stringAttribute,
  TEST_QUEUE_URL,
} from '../../support/sqs-event-builder';

interface Fakes {
  gateway: FakeVaultGateway;
  deadLetters: RecordingDeadLetterSink;
  retryScheduler: RecordingRetryScheduler;
  telemetry: RecordingTelemetry;
  maxAttempts: number;
}

const setup = (overrides: Partial<Fakes> = {}) => {
  const fakes: Fakes = {
    gateway: new FakeVaultGateway(),
    deadLetters: new RecordingDeadLetterSink(),
    retryScheduler: new RecordingRetryScheduler(),
    telemetry: new RecordingTelemetry(),
    maxAttempts: 5,
    ...overrides,
  };
  const service = createRelayService({ ...fakes, clock: fixedClock, sourceQueue: TEST_QUEUE_URL });
  return { ...fakes, service };
};

const invalidData = () =>
  new PermanentError('VAULT_INVALID_DATA', 'Document 999 not found', { vaultErrorType: 'INVALID_DATA' });
const vaultException = (retryAfterSeconds?: number) =>
  new RetryableError('VAULT_EXCEPTION', 'Vault is busy', { vaultErrorType: 'EXCEPTION', retryAfterSeconds });

describe('RelayService outcomes', () => {
  it('deletes a created relationship (no batch item failure) and reports its id', async () => {
    const { service, gateway, telemetry, deadLetters } = setup();
    const record = buildSqsRecord();

    const result = await service.processBatch([record], callContext());

    expect(result.failedMessageIds).toEqual([]);
    expect(gateway.calls).toHaveLength(1);
    expect(deadLetters.letters).toEqual([]);
    expect(telemetry.outcomeOf(record.messageId)).toMatchObject({
      outcome: 'created',
      relationshipId: 1000,
      sourceDocId: 548,
      targetDocId: 549,
      sentToVault: true,
    });
  });

  it('treats an existing relationship as done', async () => {
    const { service, telemetry } = setup({ gateway: new FakeVaultGateway(() => ({ kind: 'existed' })) });
    const record = buildSqsRecord();

    const result = await service.processBatch([record], callContext());

    expect(result.failedMessageIds).toEqual([]);
    expect(telemetry.outcomeOf(record.messageId)?.outcome).toBe('existed');
  });

  it('sends a permanent Vault rejection to the DLQ at once with its reason', async () => {
    const { service, deadLetters, telemetry, retryScheduler } = setup({
      gateway: new FakeVaultGateway(invalidData),
    });
    const record = buildSqsRecord({ receiveCount: 1 });

    const result = await service.processBatch([record], callContext());

    expect(result.failedMessageIds).toEqual([]);
    expect(retryScheduler.delays).toEqual([]);
    expect(deadLetters.letters).toHaveLength(1);
    expect(deadLetters.letters[0]?.failure).toEqual({
      code: 'VAULT_INVALID_DATA',
      category: 'permanent',
      message: 'Document 999 not found',
      vaultErrorType: 'INVALID_DATA',
      attempts: 1,
      sourceMessageId: record.messageId,
      sourceQueue: TEST_QUEUE_URL,
      firstReceivedAt: new Date(FIRST_RECEIVED_AT).toISOString(),
      failedAt: new Date(FIXED_NOW).toISOString(),
      replayCount: 0,
    });
    expect(telemetry.outcomeOf(record.messageId)).toMatchObject({
      outcome: 'rejected',
      code: 'VAULT_INVALID_DATA',
      vaultErrorType: 'INVALID_DATA',
      deadLetter: 'sent',
    });
  });

  it('rejects an invalid body without calling Vault, naming the field in the failure', async () => {
    const { service, gateway, deadLetters, telemetry } = setup();
    const record = buildSqsRecord({ body: '{"source_doc_id__v":548,"target_doc_id":549}' });

    const result = await service.processBatch([record], callContext());

    expect(result.failedMessageIds).toEqual([]);
    expect(gateway.calls).toEqual([]);
    expect(deadLetters.letters[0]?.body).toBe(record.body);
    expect(deadLetters.letters[0]?.failure).toMatchObject({ code: 'INVALID_MESSAGE', category: 'permanent' });
    expect(deadLetters.letters[0]?.failure.message).toContain('target_doc_id');
    expect(telemetry.outcomeOf(record.messageId)).toMatchObject({ outcome: 'rejected', sentToVault: false });
  });

  it('retries a transient failure as a batch item failure with a visibility back-off', async () => {
    const { service, retryScheduler, deadLetters, telemetry } = setup({
      gateway: new FakeVaultGateway(() => vaultException()),
    });
    const record = buildSqsRecord({ receiveCount: 1 });

    const result = await service.processBatch([record], callContext());

    expect(result.failedMessageIds).toEqual([record.messageId]);
    expect(deadLetters.letters).toEqual([]);
    expect(retryScheduler.delays).toEqual([{ receiptHandle: record.receiptHandle, seconds: 30 }]);
    expect(telemetry.outcomeOf(record.messageId)).toMatchObject({
      outcome: 'retried',
      code: 'VAULT_EXCEPTION',
      vaultErrorType: 'EXCEPTION',
      retryDelaySeconds: 30,
    });
  });

  it('grows the back-off with the receive count and honours a longer retry-after hint', async () => {
    const { service, retryScheduler } = setup({
      gateway: new FakeVaultGateway((row) => vaultException(row.target_doc_id__v === 3 ? 280 : undefined)),
    });
    const records = [
      buildSqsRecord({ receiveCount: 2, body: relationshipBody({ target_doc_id__v: 1 }) }),
      buildSqsRecord({ receiveCount: 4, body: relationshipBody({ target_doc_id__v: 2 }) }),
      buildSqsRecord({ receiveCount: 1, body: relationshipBody({ target_doc_id__v: 3 }) }),
    ];

    await service.processBatch(records, callContext());

    expect(retryScheduler.delays.map((delay) => delay.seconds)).toEqual([60, 240, 280]);
  });

  it('parks a transient failure on the last allowed attempt as RETRIES_EXHAUSTED with the last reason', async () => {
    const { service, deadLetters, retryScheduler, telemetry } = setup({
      gateway: new FakeVaultGateway(() => vaultException()),
      maxAttempts: 3,
    });
    const record = buildSqsRecord({ receiveCount: 3 });

    const result = await service.processBatch([record], callContext());

    expect(result.failedMessageIds).toEqual([]);
    expect(retryScheduler.delays).toEqual([]);
    expect(deadLetters.letters[0]?.failure).toMatchObject({
      code: 'RETRIES_EXHAUSTED',
      category: 'transient',
      vaultErrorType: 'EXCEPTION',
      attempts: 3,
    });
    expect(deadLetters.letters[0]?.failure.message).toContain('VAULT_EXCEPTION: Vault is busy');
    expect(telemetry.outcomeOf(record.messageId)).toMatchObject({
      outcome: 'exhausted',
      code: 'RETRIES_EXHAUSTED',
    });
  });

  it('still retries one attempt before the limit', async () => {
    const { service } = setup({ gateway: new FakeVaultGateway(() => vaultException()), maxAttempts: 3 });
    const record = buildSqsRecord({ receiveCount: 2 });

    const result = await service.processBatch([record], callContext());

    expect(result.failedMessageIds).toEqual([record.messageId]);
  });

  it('treats an unexpected (non-relay) error for a row as transient', async () => {
    const { service, telemetry } = setup({ gateway: new FakeVaultGateway(() => new TypeError('boom')) });
    const record = buildSqsRecord();

    const result = await service.processBatch([record], callContext());

    expect(result.failedMessageIds).toEqual([record.messageId]);
    expect(telemetry.outcomeOf(record.messageId)).toMatchObject({
      code: 'UNEXPECTED_FAILURE',
      reason: 'boom',
    });
  });
});

describe('RelayService batches', () => {
  it('sends all valid rows in one gateway call, in order, with the call context', async () => {
    const { service, gateway } = setup();
    const records = [1, 2, 3].map((id) =>
      buildSqsRecord({ body: relationshipBody({ target_doc_id__v: id }) }),
    );

    await service.processBatch(records, callContext(42_000, 'request-7'));

    expect(gateway.calls).toHaveLength(1);
    expect(gateway.calls[0]?.rows.map((row) => row.target_doc_id__v)).toEqual([1, 2, 3]);
    expect(gateway.calls[0]).toMatchObject({ remainingTimeMs: 42_000, referenceId: 'request-7' });
  });

  it('gives every valid row the error when the gateway attempts nothing, and still parks invalid ones', async () => {
    const failure = new RetryableError('VAULT_LOGIN_CIRCUIT_OPEN', 'a recent login failed', {
      retryAfterSeconds: 60,
    });
    const { service, deadLetters, retryScheduler } = setup({
      gateway: new FakeVaultGateway(undefined, failure),
    });
    const valid = [buildSqsRecord(), buildSqsRecord({ body: relationshipBody({ target_doc_id__v: 7 }) })];
    const invalid = buildSqsRecord({ body: 'not json' });

    const result = await service.processBatch([...valid, invalid], callContext());

    expect(result.failedMessageIds).toEqual(valid.map((record) => record.messageId));
    expect(retryScheduler.delays.map((delay) => delay.seconds)).toEqual([60, 60]);
    expect(deadLetters.letters.map((letter) => letter.messageId)).toEqual([invalid.messageId]);
  });

  it('sends a duplicate relationship once: the first message is created, the later ones already existed', async () => {
    const { service, gateway, telemetry } = setup();
    const first = buildSqsRecord();
    const stringly = buildSqsRecord({
      body: JSON.stringify({ ...JSON.parse(relationshipBody()), source_doc_id__v: '548' }),
    });
    const third = buildSqsRecord();

    const result = await service.processBatch([first, stringly, third], callContext());

    expect(result.failedMessageIds).toEqual([]);
    expect(gateway.calls[0]?.rows).toHaveLength(1);
    expect(telemetry.outcomeOf(first.messageId)).toMatchObject({ outcome: 'created', relationshipId: 1000 });
    for (const duplicate of [stringly, third]) {
      const event = telemetry.outcomeOf(duplicate.messageId);
      expect(event).toMatchObject({ outcome: 'existed', duplicateOf: first.messageId });
      expect(event?.relationshipId).toBeUndefined();
    }
    expect(telemetry.outcomes.filter((event) => event.outcome === 'created')).toHaveLength(1);
  });

  it('gives a duplicate the shared outcome when the first one did not create anything', async () => {
    const { service, telemetry, deadLetters } = setup({ gateway: new FakeVaultGateway(invalidData) });
    const records = [buildSqsRecord(), buildSqsRecord()];

    const result = await service.processBatch(records, callContext());

    expect(result.failedMessageIds).toEqual([]);
    expect(telemetry.outcomes.map((event) => event.outcome)).toEqual(['rejected', 'rejected']);
    expect(deadLetters.letters.map((letter) => letter.messageId)).toEqual(
      records.map((record) => record.messageId),
    );
  });

  it('retries both duplicates when their shared row failed transiently', async () => {
    const { service } = setup({ gateway: new FakeVaultGateway(() => vaultException()) });
    const records = [buildSqsRecord(), buildSqsRecord()];

    const result = await service.processBatch(records, callContext());

    expect(result.failedMessageIds).toEqual(records.map((record) => record.messageId));
  });

  it('retries rows the gateway did not start because the deadline was near', async () => {
    const gateway = new FakeVaultGateway((row) =>
      row.target_doc_id__v === 1 ? { kind: 'created', id: 5 } : new DeadlineError(900, 10_000),
    );
    const { service, telemetry } = setup({ gateway });
    const records = [1, 2].map((id) => buildSqsRecord({ body: relationshipBody({ target_doc_id__v: id }) }));

    const result = await service.processBatch(records, callContext(900));

    expect(gateway.calls[0]?.remainingTimeMs).toBe(900);
    expect(result.failedMessageIds).toEqual([records[1]?.messageId]);
    expect(telemetry.outcomeOf(records[1]?.messageId as string)).toMatchObject({ code: 'DEADLINE' });
  });

  it('retries a message whose DLQ send failed instead of dropping it', async () => {
    const records = [buildSqsRecord({ body: '[]' }), buildSqsRecord({ body: '{}' })];
    const deadLetters = new RecordingDeadLetterSink({ failMessageIds: [records[1]?.messageId as string] });
    const { service, telemetry } = setup({ deadLetters });

    const result = await service.processBatch(records, callContext());

    expect(result.failedMessageIds).toEqual([records[1]?.messageId]);
    expect(deadLetters.letters.map((letter) => letter.messageId)).toEqual([records[0]?.messageId]);
    expect(telemetry.outcomeOf(records[1]?.messageId as string)).toMatchObject({
      outcome: 'retried',
      code: 'INVALID_MESSAGE',
      deadLetter: 'failed',
      deadLetterError: 'DLQ refused the entry',
      retryDelaySeconds: 30,
    });
  });

  it('retries every letter when the DLQ publisher throws', async () => {
    const deadLetters = new RecordingDeadLetterSink({ throwError: new Error('network down') });
    const { service, telemetry } = setup({ deadLetters });
    const records = [buildSqsRecord({ body: 'x' }), buildSqsRecord({ body: 'y' })];

    const result = await service.processBatch(records, callContext());

    expect(result.failedMessageIds).toEqual(records.map((record) => record.messageId));
    for (const record of records) {
      expect(telemetry.outcomeOf(record.messageId)).toMatchObject({
        outcome: 'retried',
        deadLetter: 'failed',
        deadLetterError: 'network down',
      });
    }
  });

  it('still reports retries when the visibility back-off fails', async () => {
    const { service, telemetry } = setup({
      gateway: new FakeVaultGateway(() => vaultException()),
      retryScheduler: new RecordingRetryScheduler(new Error('ChangeMessageVisibility denied')),
    });
    const record = buildSqsRecord();

    const result = await service.processBatch([record], callContext());

    expect(result.failedMessageIds).toEqual([record.messageId]);
    expect(telemetry.warnings[0]).toMatchObject({ message: 'could not delay retried messages' });
  });

  it('copies the replay count from the incoming attribute into the failure record', async () => {
    const { service, deadLetters } = setup();
    const record = buildSqsRecord({
      body: '{',
      messageAttributes: { 'relay.replayCount': stringAttribute('2', 'Number') },
    });

    await service.processBatch([record], callContext());

    expect(deadLetters.letters[0]?.failure.replayCount).toBe(2);
  });

  it('settles the rest of the batch when one record carries a first-receive timestamp no date can hold', async () => {
    const { service, deadLetters, telemetry } = setup();
    const valid = buildSqsRecord();
    const invalid = buildSqsRecord({ body: '{', firstReceivedAt: 1e20 });

    const result = await service.processBatch([valid, invalid], callContext());

    expect(result.failedMessageIds).toEqual([]);
    expect(telemetry.outcomeOf(valid.messageId)?.outcome).toBe('created');
    expect(deadLetters.letters[0]?.failure).toMatchObject({
      sourceMessageId: invalid.messageId,
      firstReceivedAt: new Date(FIXED_NOW).toISOString(),
    });
  });

  it('returns no failures for an empty batch and calls nothing', async () => {
    const { service, gateway, deadLetters } = setup();

    const result = await service.processBatch([], callContext());

    expect(result.failedMessageIds).toEqual([]);
    expect(gateway.calls).toEqual([]);
    expect(deadLetters.letters).toEqual([]);
  });
});
