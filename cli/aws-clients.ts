import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';

export interface AwsClientOptions {
  /** `--endpoint`, else AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL (local emulators). */
  endpoint?: string;
  region?: string;
  /** The longest ReceiveMessage long poll the command makes; the answer deadline is above it. */
  longPollSeconds?: number;
}

/** How the program gets its clients; tests hand in factories that return emulator or mocked clients. */
export interface AwsClientFactory {
  sqs(options: AwsClientOptions): SQSClient;
  cloudFormation(options: { region?: string }): CloudFormationClient;
}

/** The SQS endpoint a run talks to: the flag, else the SDK's own environment variables. */
export const sqsEndpointFrom = (flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined =>
  flag ?? env.AWS_ENDPOINT_URL_SQS ?? env.AWS_ENDPOINT_URL;

/** A connection that is not accepted within this is an unreachable endpoint. */
const CONNECTION_TIMEOUT_MS = 3_000;
/** SQS answers in well under a second; an answer this late (beyond a long poll) is not coming. */
const ANSWER_MARGIN_MS = 5_000;

/**
 * The SDK waits forever by default: an endpoint that accepts the connection and never answers
 * (a hung emulator or proxy) made every command hang. Both waits are bounded here; the SDK's
 * retries (3 tries) still apply, so a silent endpoint fails within about 20 s with exit 3.
 */
export const sqsClientConfig = (
  { endpoint, region, longPollSeconds = 0 }: AwsClientOptions,
  deadlines: { requestTimeoutMs?: number } = {},
): SQSClientConfig => ({
  region,
  requestHandler: {
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: deadlines.requestTimeoutMs ?? longPollSeconds * 1000 + ANSWER_MARGIN_MS,
    throwOnRequestTimeout: true,
  },
  ...(endpoint
    ? {
        endpoint,
        // Emulators hand out queue URLs on hosts that do not resolve (*.localhost); with an
        // explicit endpoint every call must go to that endpoint, not to the queue URL's host.
        useQueueUrlAsEndpoint: false,
      }
    : {}),
});

export const defaultAwsClientFactory: AwsClientFactory = {
  sqs: (options) => new SQSClient(sqsClientConfig(options)),
  cloudFormation: ({ region }) =>
    new CloudFormationClient({
      region,
      requestHandler: {
        connectionTimeout: CONNECTION_TIMEOUT_MS,
        requestTimeout: ANSWER_MARGIN_MS * 2,
        throwOnRequestTimeout: true,
      },
    }),
};
