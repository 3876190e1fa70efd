import { type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** SQS returns at most this many messages per ReceiveMessage call. */
export const MAX_MESSAGES_PER_RECEIVE = 10;

export interface BatchCollectorOptions {
  client: SQSClient;
  queueUrl: string;
  batchSize: number;
  maximumBatchingWindowMs: number;
  /** Long-poll wait of the first receive; kept short locally so a stop is quick. */
  waitTimeSeconds: number;
  /** Pause between empty receives while the batching window is still open. */
  emptyReceivePauseMs?: number;
  /** A top-up receive failed; the batch in hand is invoked without it. */
  onTopUpError?: (error: unknown) => void;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Gathers one batch the way Lambda's SQS poller does: a long poll for the first messages, then
 * further receives until the batch size is reached or the batching window closes. Messages are
 * received with every system and message attribute, as the event source mapping asks for them.
 */
export const createBatchCollector = (options: BatchCollectorOptions) => {
  const { client, queueUrl, batchSize, maximumBatchingWindowMs, waitTimeSeconds } = options;
  const pauseMs = options.emptyReceivePauseMs ?? 50;
  let receives = 0;

  // Receives are never aborted: a long poll cut off on the client keeps waiting on the server,
  // and a message it then takes would be lost to its visibility timeout. Stopping waits for the
  // poll to end instead (at most waitTimeSeconds) and invokes what it brought.
  const receive = async (max: number, wait: number): Promise<Message[]> => {
    receives += 1;
    const { Messages } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(MAX_MESSAGES_PER_RECEIVE, max),
        WaitTimeSeconds: wait,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    return Messages ?? [];
  };

  /** Resolves with [] when the long poll found nothing; `signal` closes the batching window early. */
  const collect = async (signal: AbortSignal): Promise<Message[]> => {
    const batch = await receive(batchSize, waitTimeSeconds);
    if (batch.length === 0) return batch;
    const closesAt = Date.now() + maximumBatchingWindowMs;
    while (batch.length < batchSize && Date.now() < closesAt && !signal.aborted) {
      // Messages already in hand must still be invoked; a failed top-up only closes the window.
      const more = await receive(batchSize - batch.length, 0).catch((error: unknown) => {
        options.onTopUpError?.(error);
        return undefined;
      });
      if (more === undefined) break;
      batch.push(...more);
      if (more.length === 0) await sleep(Math.min(pauseMs, Math.max(0, closesAt - Date.now())), signal);
    }
    return batch;
  };

  return { collect, receives: () => receives };
};
