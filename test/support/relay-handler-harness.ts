import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createHandler } from '../../functions/create-relationships/create-handler';
import { type WiringOverrides, wireRelay } from '../../functions/create-relationships/wiring';
import { createRelayLogger, createRelayMetrics } from '../../functions/observability/powertools';
import {
  type EmbeddedSqs,
  LOCAL_AWS_CREDENTIALS,
  LOCAL_REGION,
  type QueuePair,
  startEmbeddedSqs,
} from '../../local/embedded-sqs';
import { type FakeSecretsManager, startFakeSecretsManager } from '../../local/fake-secrets-manager';
import { DEFAULT_USER, type FakeVault, type FakeVaultOptions, startFakeVault } from '../../local/fake-vault';
import { type LogCapture, startLogCapture } from '../../local/soak/log-capture';
import { buildLambdaContext, eventFromReceivedMessages } from './sqs-event-builder';

export const SECRET_ID = 'vault-relay/credentials';

export interface OutgoingMessage {
  body: string;
  attributes?: Record<string, MessageAttributeValue>;
}

export interface HarnessOptions {
  vault?: FakeVaultOptions;
  /** Secret JSON; defaults to the fake's user on its first vault, over loopback http. */
  secret?: (vault: FakeVault) => object;
  environment?: Record<string, string>;
  overrides?: WiringOverrides;
  /** The source queue's own visibility timeout (default 60 s). */
  visibilityTimeoutSeconds?: number;
  /** Overrides the DLQ URL (e.g. a queue that does not exist). */
  dlqUrl?: (queues: QueuePair) => string;
}

let queueCounter = 0;

/**
 * One "container" of the relay wired with its real adapters against loopback stand-ins: the
 * embedded SQS (source queue + DLQ), the fake Secrets Manager and the fake Vault over HTTP.
 * Events are built from messages really sent to and received from the source queue.
 */
export const startRelayHarness = async (options: HarnessOptions = {}) => {
  const sqs: EmbeddedSqs = await startEmbeddedSqs();
  const vault = await startFakeVault(options.vault ?? {});
  const secrets: FakeSecretsManager = await startFakeSecretsManager();
  queueCounter += 1;
  const queues = await sqs.createQueuePair({
    name: `relay-${process.pid}-${queueCounter}`,
    maxReceiveCount: 8,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 60,
  });
  secrets.putSecret(
    SECRET_ID,
    options.secret?.(vault) ?? {
      vaultDns: vault.dns,
      vaultUrl: vault.url,
      username: DEFAULT_USER.username,
      password: DEFAULT_USER.password,
    },
  );
  const secretsClient = new SecretsManagerClient({
    endpoint: secrets.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
    maxAttempts: 1,
  });
  const environment = {
    VAULT_SECRET_ID: SECRET_ID,
    DLQ_URL: options.dlqUrl?.(queues) ?? queues.dlqUrl,
    SOURCE_QUEUE_URL: queues.sourceUrl,
    VAULT_TIMEOUT_MS: '3000',
    SAFETY_MARGIN_MS: '1000',
    ...options.environment,
  };
  const logs: LogCapture = startLogCapture();
  const handler = createHandler({
    wire: wireRelay(environment, { sqsClient: sqs.client, secretsClient, ...options.overrides }),
    logger: createRelayLogger({}),
    metrics: createRelayMetrics({}),
  });

  const send = async (messages: readonly (OutgoingMessage | string)[]) => {
    for (let start = 0; start < messages.length; start += 10) {
      const entries = messages.slice(start, start + 10).map((message, index) => {
        const { body, attributes } =
          typeof message === 'string' ? { body: message, attributes: undefined } : message;
        return { Id: `e${index}`, MessageBody: body, MessageAttributes: attributes };
      });
      const output = await sqs.client.send(
        new SendMessageBatchCommand({ QueueUrl: queues.sourceUrl, Entries: entries }),
      );
      if (output.Failed?.length) throw new Error(`could not enqueue: ${JSON.stringify(output.Failed)}`);
    }
  };

  const receive = async (queueUrl: string, count: number, waitSeconds = 1): Promise<Message[]> => {
    const messages: Message[] = [];
    for (let round = 0; round < 10 && messages.length < count; round += 1) {
      const output = await sqs.client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, count - messages.length),
          WaitTimeSeconds: waitSeconds,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      messages.push(...(output.Messages ?? []));
      if (!output.Messages?.length && round > 0) break;
    }
    return messages;
  };

  /** Receives up to `count` source messages as Lambda would and returns them as an SQS event. */
  const receiveEvent = async (count: number): Promise<SQSEvent> => {
    const messages = await receive(queues.sourceUrl, count);
    if (messages.length !== count)
      throw new Error(`expected ${count} messages on the source queue, got ${messages.length}`);
    // SQS does not keep send order across a batch; tests read the event in the order sent.
    return eventFromReceivedMessages(messages, queues.sourceArn);
  };

  /**
   * Invokes the handler, then does what Lambda's event source does with the answer: deletes
   * every record not reported as a batch item failure.
   */
  const invoke = async (event: SQSEvent, remainingMs = 60_000): Promise<SQSBatchResponse> => {
    const response = (await handler(event, buildLambdaContext({ remainingMs }))) as SQSBatchResponse;
    const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    const done = event.Records.filter((record) => !failed.has(record.messageId));
    if (done.length > 0) {
      await sqs.client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queues.sourceUrl,
          Entries: done.map((record, index) => ({ Id: `d${index}`, ReceiptHandle: record.receiptHandle })),
        }),
      );
    }
    return response;
  };

  /** Ends the relay's visibility back-off early so retried messages can be received again. */
  const makeVisible = async (event: SQSEvent) => {
    await sqs.client.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queues.sourceUrl,
        Entries: event.Records.map((record, index) => ({
          Id: `v${index}`,
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: 0,
        })),
      }),
    );
  };

  const logLines = () =>
    logs
      .lines()
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  return {
    sqs,
    vault,
    secrets,
    queues,
    environment,
    handler,
    send,
    receive,
    receiveEvent,
    invoke,
    makeVisible,
    /** Messages on the DLQ (received, so they stay invisible for the rest of the test). */
    readDeadLetters: (count: number) => receive(queues.dlqUrl, count),
    /** Structured log lines (and EMF metric lines) the relay wrote. */
    logLines,
    outcomeLines: () => logLines().filter((line) => line.message === 'message outcome'),
    /** The value each metric had in the EMF documents written so far, summed. */
    metric: (name: string) =>
      logLines()
        .filter((line) => '_aws' in line && name in line)
        .reduce((sum, line) => sum + Number(line[name]), 0),
    rawLogs: () => logs.lines().join('\n'),
    stop: async () => {
      logs.stop();
      secretsClient.destroy();
      await Promise.all([sqs.stop(), vault.stop(), secrets.stop()]);
    },
  };
};

export type RelayHarness = Awaited<ReturnType<typeof startRelayHarness>>;

/** Orders an event's records by body position in `sent`, so assertions read in send order. */
export const recordForBody = (event: SQSEvent, body: string) => {
  const record = event.Records.find((candidate) => candidate.body === body);
  if (!record) throw new Error(`no record with body ${body}`);
  return record;
};
