import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';

/** Credentials the emulator accepts; they never leave the machine. */
export const LOCAL_AWS_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const LOCAL_REGION = 'us-east-1';

export interface QueuePair {
  sourceUrl: string;
  sourceArn: string;
  dlqUrl: string;
  dlqArn: string;
}

export interface EmbeddedSqs {
  /** `http://127.0.0.1:PORT` — give it to SDK clients as `endpoint` / `AWS_ENDPOINT_URL_SQS`. */
  endpoint: string;
  /** A client already pointed at the emulator. */
  client: SQSClient;
  /** Creates a source queue and its DLQ with the stack's redrive settings. */
  createQueuePair(options: QueuePairOptions): Promise<QueuePair>;
  stop(): Promise<void>;
}

export interface QueuePairOptions {
  name: string;
  maxReceiveCount: number;
  visibilityTimeoutSeconds?: number;
}

/** An SQS client for the emulator (or any endpoint), with the fixed local credentials. */
export const createLocalSqsClient = (endpoint: string): SQSClient =>
  new SQSClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
    maxAttempts: 2,
    // The emulator's queue URLs name *.localhost hosts; always talk to the endpoint itself.
    useQueueUrlAsEndpoint: false,
  });

/**
 * Starts fauxqs on loopback. `startFauxqs` listens on 0.0.0.0, which this project never does,
 * so the app is built and bound to 127.0.0.1 here; queue URLs then use the request's host.
 */
export const startEmbeddedSqs = async (options: { port?: number } = {}): Promise<EmbeddedSqs> => {
  const app = buildApp({ logger: false, defaultRegion: LOCAL_REGION });
  const address = await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const endpoint = new URL(address).origin;
  const client = createLocalSqsClient(endpoint);

  const queueArn = async (url: string) => {
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
    );
    const arn = Attributes?.QueueArn;
    if (!arn) throw new Error(`emulator returned no QueueArn for ${url}`);
    return arn;
  };

  const createQueuePair = async ({
    name,
    maxReceiveCount,
    visibilityTimeoutSeconds = 30,
  }: QueuePairOptions) => {
    const dlq = await client.send(
      new CreateQueueCommand({ QueueName: `${name}-dlq`, Attributes: { MessageRetentionPeriod: '1209600' } }),
    );
    const dlqUrl = dlq.QueueUrl as string;
    const dlqArn = await queueArn(dlqUrl);
    const source = await client.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: {
          VisibilityTimeout: String(visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
        },
      }),
    );
    const sourceUrl = source.QueueUrl as string;
    return { sourceUrl, sourceArn: await queueArn(sourceUrl), dlqUrl, dlqArn };
  };

  return {
    endpoint,
    client,
    createQueuePair,
    stop: async () => {
      client.destroy();
      await app.close();
    },
  };
};
