import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetterView } from './dead-letter-view';

/** arn:aws:sqs:REGION:ACCOUNT:NAME (any partition). */
const QUEUE_ARN = /^arn:[a-z-]+:sqs:[a-z0-9-]*:(\d*):([A-Za-z0-9_.-]+)$/;

/**
 * Where a dead letter goes back to: `--to`, else the source queue its failure record names.
 * The record may hold a queue URL or a queue ARN; an ARN is turned into a URL with GetQueueUrl
 * once per queue.
 */
export class DestinationResolver {
  private readonly urls = new Map<string, Promise<string>>();

  constructor(
    private readonly sqs: SQSClient,
    private readonly override?: string,
  ) {}

  /** The destination URL, or undefined when the message does not say where it came from. */
  async resolve(view: DeadLetterView): Promise<string | undefined> {
    if (this.override) return this.override;
    const source = view.failure?.sourceQueue;
    if (!source) return undefined;
    if (/^https?:\/\//.test(source)) return source;
    const arn = QUEUE_ARN.exec(source);
    if (!arn) return undefined;
    let url = this.urls.get(source);
    if (!url) {
      url = this.lookUp(arn[2] as string, arn[1] || undefined);
      this.urls.set(source, url);
    }
    return url;
  }

  private async lookUp(queueName: string, account: string | undefined): Promise<string> {
    const { QueueUrl } = await this.sqs.send(
      new GetQueueUrlCommand({ QueueName: queueName, QueueOwnerAWSAccountId: account }),
    );
    if (!QueueUrl) throw new Error(`no URL for queue ${queueName}`);
    return QueueUrl;
  }
}
