import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetterView } from './dead-letter-view';

/** arn:PARTITION:sqs:REGION:ACCOUNT:NAME; the prefix up to the account says where a queue lives. */
const QUEUE_ARN = /^(arn:[a-z-]+:sqs:[a-z0-9-]*:(\d*):)([A-Za-z0-9_.-]+)$/;

/** Where a dead letter goes, or why it stays in the DLQ. */
export type Destination = { url: string } | { refused: string };

/** A recorded value shown to the operator: it came off the queue, so bounded and quoted. */
const shown = (value: string) => JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}...` : value);

/** Host and account of a queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME). */
const homeOf = (url: string): string | undefined => {
  try {
    const parsed = new URL(url);
    const account = parsed.pathname.split('/')[1];
    return parsed.protocol.startsWith('http') && account ? `${parsed.host}/${account}` : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Where a dead letter goes back to: `--to`, else the source queue its failure record names (a
 * queue URL, or an ARN turned into a URL with GetQueueUrl once per queue). A recorded source is
 * only followed within the DLQ's own account, region and endpoint: the record is data read off
 * a queue, and an ARN of another region or account used to be resolved to a same-named queue
 * wherever the client pointed. Anything else stays in the DLQ with the reason; `--to` decides.
 */
export class DestinationResolver {
  private readonly urls = new Map<string, Promise<string>>();
  private dlqArnPrefix?: Promise<string>;

  constructor(
    private readonly sqs: SQSClient,
    private readonly dlqUrl: string,
    private readonly override?: string,
  ) {}

  async resolve(view: DeadLetterView): Promise<Destination> {
    if (this.override) return { url: this.override };
    const source = view.failure?.sourceQueue;
    if (!source) return { refused: 'no source queue recorded: pass --to URL' };
    const elsewhere = {
      refused: `recorded source queue ${shown(source)} is not in the DLQ's account and region: pass --to URL`,
    };
    if (/^https?:\/\//.test(source)) {
      const home = homeOf(source);
      if (!home)
        return { refused: `recorded source queue ${shown(source)} is not a queue URL: pass --to URL` };
      return home === homeOf(this.dlqUrl) ? { url: source } : elsewhere;
    }
    const arn = QUEUE_ARN.exec(source);
    if (!arn) {
      return { refused: `recorded source queue ${shown(source)} is not a queue URL or ARN: pass --to URL` };
    }
    if (arn[1] !== (await this.ownArnPrefix())) return elsewhere;
    let url = this.urls.get(source);
    if (!url) {
      url = this.lookUp(arn[3] as string, arn[2] || undefined);
      this.urls.set(source, url);
    }
    return { url: await url };
  }

  /** `arn:aws:sqs:REGION:ACCOUNT:` of the DLQ itself, asked once. */
  private ownArnPrefix(): Promise<string> {
    this.dlqArnPrefix ??= this.sqs
      .send(new GetQueueAttributesCommand({ QueueUrl: this.dlqUrl, AttributeNames: ['QueueArn'] }))
      .then(({ Attributes }) => QUEUE_ARN.exec(Attributes?.QueueArn ?? '')?.[1] ?? '');
    return this.dlqArnPrefix;
  }

  private async lookUp(queueName: string, account: string | undefined): Promise<string> {
    const { QueueUrl } = await this.sqs.send(
      new GetQueueUrlCommand({ QueueName: queueName, QueueOwnerAWSAccountId: account }),
    );
    if (!QueueUrl) throw new Error(`no URL for queue ${queueName}`);
    return QueueUrl;
  }
}
