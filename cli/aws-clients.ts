import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SQSClient } from '@aws-sdk/client-sqs';

export interface AwsClientOptions {
  /** `--endpoint`, else AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL (local emulators). */
  endpoint?: string;
  region?: string;
}

/** How the program gets its clients; tests hand in factories that return emulator or mocked clients. */
export interface AwsClientFactory {
  sqs(options: AwsClientOptions): SQSClient;
  cloudFormation(options: { region?: string }): CloudFormationClient;
}

/** The SQS endpoint a run talks to: the flag, else the SDK's own environment variables. */
export const sqsEndpointFrom = (flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined =>
  flag ?? env.AWS_ENDPOINT_URL_SQS ?? env.AWS_ENDPOINT_URL;

export const defaultAwsClientFactory: AwsClientFactory = {
  sqs: ({ endpoint, region }) =>
    new SQSClient({
      region,
      ...(endpoint
        ? {
            endpoint,
            // Emulators hand out queue URLs on hosts that do not resolve (*.localhost); with an
            // explicit endpoint every call must go to that endpoint, not to the queue URL's host.
            useQueueUrlAsEndpoint: false,
          }
        : {}),
    }),
  cloudFormation: ({ region }) => new CloudFormationClient({ region }),
};
