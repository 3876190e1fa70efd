import {
  ChangeMessageVisibilityBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { SQS_BATCH_SIZE } from '../enqueue/send-batches';

export interface ScanOptions {
  /** How long a received message stays hidden while the scan runs; released at the end anyway. */
  visibilityTimeoutSeconds: number;
  /** Long polling, so an empty answer means empty and not "this server had none". */
  waitTimeSeconds: number;
  /** Rounds in a row that bring nothing new before the scan gives up (visibility ran out). */
  maxStaleRounds?: number;
}

/**
 * Reads a queue without consuming it: messages are received in rounds and kept hidden, so each
 * round brings new ones, until a round comes back empty; then everything still held is made
 * visible again at once. Nothing here ever deletes. A message seen twice (its hiding ran out on
 * a long scan) is not handed out again; its newest receipt handle is kept so the release works.
 */
export class DeadLetterScan {
  private readonly held = new Map<string, string>();
  private readonly seen = new Set<string>();
  private staleRounds = 0;
  private repeats = 0;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly options: ScanOptions,
  ) {}

  /** New messages of the next round, or undefined when the queue has nothing more to show. */
  async nextRound(): Promise<Message[] | undefined> {
    for (;;) {
      const { Messages = [] } = await this.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.queueUrl,
          MaxNumberOfMessages: SQS_BATCH_SIZE,
          VisibilityTimeout: this.options.visibilityTimeoutSeconds,
          WaitTimeSeconds: this.options.waitTimeSeconds,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'],
        }),
      );
      if (Messages.length === 0) return undefined;
      const fresh: Message[] = [];
      for (const message of Messages) {
        const id = message.MessageId ?? '';
        if (message.ReceiptHandle) this.held.set(id, message.ReceiptHandle);
        if (!this.seen.has(id)) {
          this.seen.add(id);
          fresh.push(message);
        } else this.repeats += 1;
      }
      if (fresh.length > 0) {
        this.staleRounds = 0;
        return fresh;
      }
      this.staleRounds += 1;
      if (this.staleRounds >= (this.options.maxStaleRounds ?? 5)) return undefined;
    }
  }

  /**
   * Receipts of messages this scan had already seen: their hiding ran out while it read. Then
   * rounds can bring only old messages and the scan ends before it saw the rest of the queue.
   */
  receivedAgain(): number {
    return this.repeats;
  }

  /** The warning for a scan that outlasted its visibility timeout, or undefined. */
  incompleteWarning(): string | undefined {
    if (this.repeats === 0) return undefined;
    return (
      `${this.repeats} receipt(s) brought back messages already read: the scan outlasted ` +
      `--visibility-timeout ${this.options.visibilityTimeoutSeconds} s, so it may be incomplete; ` +
      'run it again with a higher --visibility-timeout'
    );
  }

  /** The message is gone (deleted after a replay); nothing left to release. */
  forget(messageId: string): void {
    this.held.delete(messageId);
  }

  /** The message goes back to the queue now, visible to everyone. */
  async release(messageIds: readonly string[]): Promise<{ released: number; failed: string[] }> {
    const entries = messageIds.flatMap((id) => {
      const handle = this.held.get(id);
      return handle ? [{ id, handle }] : [];
    });
    let released = 0;
    const failed: string[] = [];
    for (let offset = 0; offset < entries.length; offset += SQS_BATCH_SIZE) {
      const chunk = entries.slice(offset, offset + SQS_BATCH_SIZE);
      const response = await this.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: chunk.map((entry, index) => ({
            Id: `m${index}`,
            ReceiptHandle: entry.handle,
            VisibilityTimeout: 0,
          })),
        }),
      );
      const failedIds = new Set((response.Failed ?? []).map((failure) => failure.Id));
      chunk.forEach((entry, index) => {
        if (failedIds.has(`m${index}`)) failed.push(entry.id);
        else {
          released += 1;
          this.held.delete(entry.id);
        }
      });
    }
    return { released, failed };
  }

  /** Releases everything still held; called at the end of every scan, also after an error. */
  releaseAll(): Promise<{ released: number; failed: string[] }> {
    return this.release([...this.held.keys()]);
  }

  /**
   * Runs a command's reading loop over `nextRound`, then gives back every message still held. The
   * progress line is stopped first either way. If the loop throws, the release is best effort (what
   * it cannot release reappears when its visibility timeout ends) and the loop's error goes on.
   */
  async readThenRelease(
    read: () => Promise<void>,
    progress: { stop(): void },
  ): Promise<{ released: number; failed: string[] }> {
    try {
      await read();
    } catch (error) {
      progress.stop();
      await this.releaseAll().catch(() => undefined);
      throw error;
    }
    progress.stop();
    return this.releaseAll();
  }
}
