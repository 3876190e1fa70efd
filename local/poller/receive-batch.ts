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
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
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

  const receive = async (max: number, wait: number, signal: AbortSignal): Promise<Message[]> => {
    receives += 1;
    const { Messages } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(MAX_MESSAGES_PER_RECEIVE, max),
        WaitTimeSeconds: wait,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: signal },
    );
    return Messages ?? [];
  };

  /** Resolves with [] when the long poll found nothing (or the signal aborted the wait). */
  const collect = async (signal: AbortSignal): Promise<Message[]> => {
    const batch = await receive(batchSize, waitTimeSeconds, signal);
    if (batch.length === 0) return batch;
    const closesAt = Date.now() + maximumBatchingWindowMs;
    while (batch.length < batchSize && Date.now() < closesAt && !signal.aborted) {
      // Messages already in hand must still be invoked; a failed top-up only closes the window.
      const more = await receive(batchSize - batch.length, 0, signal).catch(() => undefined);
      if (more === undefined) break;
      batch.push(...more);
      if (more.length === 0) await sleep(Math.min(pauseMs, Math.max(0, closesAt - Date.now())), signal);
    }
    return batch;
  };

  return { collect, receives: () => receives };
};
