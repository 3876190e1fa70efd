import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../../functions/create-relationships/create-handler';
import { wireRelay } from '../../../functions/create-relationships/wiring';
import { createRelayLogger, createRelayMetrics } from '../../../functions/observability/powertools';
import { ConfigError } from '../../../functions/relationships/errors';
import { startLogCapture } from '../../../local/soak/log-capture';
import { type RelayHarness, recordForBody, startRelayHarness } from '../../support/relay-handler-harness';
import {
  buildLambdaContext,
  buildSqsEvent,
  buildSqsRecord,
  relationshipBody,
} from '../../support/sqs-event-builder';

/**
 * Forwards to the embedded SQS, except that SendMessageBatch entries with the given body are not
 * sent and are reported under `Failed`, as SQS does for entries it refuses.
 */
const partlyRefusingSqsClient = (real: () => SQSClient, refusedBody: string) =>
  ({
    send: async (command: { input: unknown }) => {
      if (!(command instanceof SendMessageBatchCommand)) return real().send(command as never);
      const entries = command.input.Entries ?? [];
      const kept = entries.filter((entry) => entry.MessageBody !== refusedBody);
      const refused = entries.filter((entry) => entry.MessageBody === refusedBody);
      const output = await real().send(new SendMessageBatchCommand({ ...command.input, Entries: kept }));
      return {
        ...output,
        Failed: [
          ...(output.Failed ?? []),
          ...refused.map((entry) => ({
            Id: entry.Id,
            Code: 'InternalError',
            SenderFault: false,
            Message: 'refused',
          })),
        ],
      };
    },
  }) as unknown as SQSClient;

describe('relay handler delivery guarantees', () => {
  let harness: RelayHarness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('reports a message whose DLQ send failed as a batch item failure, never dropping it', async () => {
    harness = await startRelayHarness({ dlqUrl: (queues) => `${queues.dlqUrl}-missing` });
    const invalid = '{"source_doc_id__v": "548/../1"}';
    await harness.send([relationshipBody(), invalid]);
    const event = await harness.receiveEvent(2);

    const response = await harness.invoke(event);

    const invalidRecord = recordForBody(event, invalid);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: invalidRecord.messageId }] });
    expect(harness.vault.relationships()).toHaveLength(1);
    expect(harness.outcomeLines()).toContainEqual(
      expect.objectContaining({
        messageId: invalidRecord.messageId,
        outcome: 'retried',
        code: 'INVALID_MESSAGE',
        deadLetter: 'failed',
        deadLetterError: expect.stringContaining('DLQ refused the message'),
        level: 'ERROR',
      }),
    );
    expect(harness.metric('DeadLetterSendFailed')).toBe(1);
    await harness.makeVisible(event);
    expect(await harness.receive(harness.queues.sourceUrl, 2)).toHaveLength(1);
  });

  it('retries only the dead letters SQS lists as Failed in a partly successful batch send', async () => {
    const refused = 'refuse me';
    harness = await startRelayHarness({
      overrides: {
        sqsClient: partlyRefusingSqsClient(() => harness?.sqs.client as SQSClient, refused),
      },
    });
    const bodies = ['first bad', refused, 'third bad'];
    await harness.send(bodies);
    const event = await harness.receiveEvent(3);

    const response = await harness.invoke(event);

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: recordForBody(event, refused).messageId }],
    });
    expect((await harness.readDeadLetters(3)).map((letter) => letter.Body).sort()).toEqual([
      'first bad',
      'third bad',
    ]);
  });

  it('starts no Vault call when the invocation is about to time out; valid rows retry, invalid ones are parked', async () => {
    harness = await startRelayHarness({
      environment: { VAULT_TIMEOUT_MS: '3000', SAFETY_MARGIN_MS: '1000' },
    });
    const invalid = 'nope';
    await harness.send([relationshipBody(), invalid]);
    const event = await harness.receiveEvent(2);

    const response = await harness.invoke(event, 2_000);

    const validRecord = recordForBody(event, relationshipBody());
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: validRecord.messageId }] });
    expect(harness.vault.calls().create_single ?? 0).toBe(0);
    expect(harness.vault.calls().create_bulk ?? 0).toBe(0);
    expect(harness.outcomeLines()).toContainEqual(
      expect.objectContaining({ messageId: validRecord.messageId, outcome: 'retried', code: 'DEADLINE' }),
    );
    expect((await harness.readDeadLetters(1)).map((letter) => letter.Body)).toEqual([invalid]);
  });

  it('gives a replayed message that fails again one fresh relay.failure carrying its replay count', async () => {
    harness = await startRelayHarness();
    const body = relationshipBody({ relationship_type__v: 'original_source__v' });
    await harness.send([
      {
        body,
        attributes: {
          'relay.failure': { DataType: 'String', StringValue: '{"code":"VAULT_EXCEPTION","replayCount":0}' },
          'relay.replayCount': { DataType: 'Number', StringValue: '1' },
          tenant: { DataType: 'String', StringValue: 'acme' },
        },
      },
    ]);
    const event = await harness.receiveEvent(1);

    const response = await harness.invoke(event);

    expect(response).toEqual({ batchItemFailures: [] });
    const [letter] = await harness.readDeadLetters(1);
    expect(letter?.Body).toBe(body);
    expect(Object.keys(letter?.MessageAttributes ?? {}).sort()).toEqual([
      'relay.failure',
      'relay.replayCount',
      'tenant',
    ]);
    expect(JSON.parse(letter?.MessageAttributes?.['relay.failure']?.StringValue ?? '{}')).toMatchObject({
      code: 'VAULT_OPERATION_NOT_ALLOWED',
      replayCount: 1,
    });
  });

  it('answers an empty batch with an empty failure list', async () => {
    harness = await startRelayHarness();

    const response = await harness.invoke({ Records: [] });

    expect(response).toEqual({ batchItemFailures: [] });
    expect(harness.vault.calls().auth ?? 0).toBe(0);
  });
});

describe('relay handler configuration', () => {
  it('fails the invocation at cold start with one ConfigError naming every bad variable', async () => {
    const logs = startLogCapture();
    const handler = createHandler({
      wire: wireRelay({ DLQ_URL: 'not a url', MAX_ATTEMPTS: 'lots' }),
      logger: createRelayLogger({}),
      metrics: createRelayMetrics({}),
    });
    const event = buildSqsEvent([buildSqsRecord()]);

    const invocation = handler(event, buildLambdaContext());

    await expect(invocation).rejects.toBeInstanceOf(ConfigError);
    const lines = logs.stop();
    await expect(invocation).rejects.toMatchObject({
      settings: ['VAULT_SECRET_ID', 'DLQ_URL', 'SOURCE_QUEUE_URL', 'MAX_ATTEMPTS'],
    });
    expect(lines.find((line) => line.includes('the relay could not start'))).toContain('"CONFIG_INVALID"');
  });
});
