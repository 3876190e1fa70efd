import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SeededRandom } from './seeded-random';

/**
 * SQS clients for the soak, built by wrapping `send` on a real client so the handler still gets an
 * SQSClient (its middleware, config and types unchanged) through createHandler's deps.
 */
export interface DeadLetterRefusals {
  /** SendMessageBatch entries answered as Failed although the rest of the call went through. */
  entries: number;
  /** Whole SendMessage/SendMessageBatch calls that threw before reaching the queue. */
  calls: number;
}

export interface SqsFaultOptions {
  random: SeededRandom;
  /** Sends to this queue may be refused; other queues are never touched. */
  deadLetterQueueUrl: string;
  /** Share of DLQ calls that throw (SQS unreachable or throttling). */
  callRefusalRate: number;
  /** Share of the remaining SendMessageBatch entries reported as Failed. */
  entryRefusalRate: number;
  /**
   * Divides every visibility timeout the handler sets (its retry back-off) so a run that would take
   * hours of 30 s..15 min back-offs takes minutes; the order of retries is kept. 1 leaves them alone.
   */
  backoffCompression: number;
  /** False once the container using this client has crashed: every later call fails, as in a dead process. */
  alive?: () => boolean;
}

type Send = SQSClient['send'];

/** A service error shaped like the SDK's, so the handler sees what it would see from AWS. */
const refusedCall = () =>
  Object.assign(new Error('soak: the DLQ refused this call'), {
    name: 'ServiceUnavailable',
    $fault: 'server',
    $metadata: { httpStatusCode: 503 },
  });

const compress = (seconds: number | undefined, factor: number) =>
  seconds === undefined || factor <= 1 ? seconds : Math.max(1, Math.ceil(seconds / factor));

export const withSoakFaults = (client: SQSClient, options: SqsFaultOptions) => {
  const refusals: DeadLetterRefusals = { entries: 0, calls: 0 };
  const realSend = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  const { random, deadLetterQueueUrl: dlqUrl } = options;

  const sendBatch = async (command: SendMessageBatchCommand): Promise<SendMessageBatchCommandOutput> => {
    const entries = command.input.Entries ?? [];
    const refused = entries.filter(() => random.chance(options.entryRefusalRate));
    const accepted = entries.filter((entry) => !refused.includes(entry));
    refusals.entries += refused.length;
    const output = (
      accepted.length > 0
        ? await realSend(new SendMessageBatchCommand({ ...command.input, Entries: accepted }))
        : { Successful: [], Failed: [], $metadata: {} }
    ) as SendMessageBatchCommandOutput;
    return {
      ...output,
      Failed: [
        ...(output.Failed ?? []),
        ...refused.map((entry) => ({
          Id: entry.Id,
          SenderFault: false,
          Code: 'InternalError',
          Message: 'soak: the DLQ refused this entry',
        })),
      ],
    };
  };

  const send = async (command: unknown): Promise<unknown> => {
    if (options.alive && !options.alive()) throw new Error('soak: this container has crashed');
    if (command instanceof SendMessageBatchCommand || command instanceof SendMessageCommand) {
      if (command.input.QueueUrl !== dlqUrl) return realSend(command);
      if (random.chance(options.callRefusalRate)) {
        refusals.calls += 1;
        throw refusedCall();
      }
      return command instanceof SendMessageBatchCommand ? sendBatch(command) : realSend(command);
    }
    if (command instanceof ChangeMessageVisibilityCommand) {
      return realSend(
        new ChangeMessageVisibilityCommand({
          ...command.input,
          VisibilityTimeout: compress(command.input.VisibilityTimeout, options.backoffCompression),
        }),
      );
    }
    if (command instanceof ChangeMessageVisibilityBatchCommand) {
      return realSend(
        new ChangeMessageVisibilityBatchCommand({
          ...command.input,
          Entries: command.input.Entries?.map((entry) => ({
            ...entry,
            VisibilityTimeout: compress(entry.VisibilityTimeout, options.backoffCompression),
          })),
        }),
      );
    }
    return realSend(command);
  };

  client.send = send as Send;
  return { client, refusals: () => ({ ...refusals }) };
};
