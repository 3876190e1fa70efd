import { LOCAL_AWS_CREDENTIALS, LOCAL_REGION } from './embedded-sqs';

export interface LocalRelayTarget {
  secretId: string;
  sourceQueueUrl: string;
  dlqUrl: string;
  /** The stand-ins the SDK is pointed at, exactly as it would honour these variables in AWS. */
  sqsEndpoint: string;
  secretsManagerEndpoint: string;
}

/**
 * The Lambda environment a handler finds when it runs on this machine: the relay's own settings
 * (as the stack sets them) plus the SDK's endpoint overrides and the emulators' throwaway
 * credentials. Callers add what they tune (MAX_ATTEMPTS, timeouts, PACER_CONTAINERS, ...).
 */
export const localLambdaEnvironment = (target: LocalRelayTarget): Record<string, string> => ({
  VAULT_SECRET_ID: target.secretId,
  SOURCE_QUEUE_URL: target.sourceQueueUrl,
  DLQ_URL: target.dlqUrl,
  AWS_ENDPOINT_URL_SQS: target.sqsEndpoint,
  AWS_ENDPOINT_URL_SECRETS_MANAGER: target.secretsManagerEndpoint,
  AWS_REGION: LOCAL_REGION,
  AWS_ACCESS_KEY_ID: LOCAL_AWS_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_AWS_CREDENTIALS.secretAccessKey,
  AWS_LAMBDA_FUNCTION_NAME: 'create-relationships',
  POWERTOOLS_SERVICE_NAME: 'vault-relationship-relay',
  POWERTOOLS_METRICS_NAMESPACE: 'VaultRelationshipRelay',
});
