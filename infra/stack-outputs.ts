/**
 * CloudFormation output keys of the relay stack. They are a contract: the CLI's `--stack NAME`
 * reads them with DescribeStacks, and docs/deploy.md lists them. Renaming one breaks operators.
 */
export const STACK_OUTPUT_KEYS = {
  sourceQueueUrl: 'SourceQueueUrl',
  sourceQueueArn: 'SourceQueueArn',
  deadLetterQueueUrl: 'DeadLetterQueueUrl',
  deadLetterQueueArn: 'DeadLetterQueueArn',
  functionName: 'FunctionName',
  logGroupName: 'LogGroupName',
  vaultSecretArn: 'VaultSecretArn',
  vaultSecretSetup: 'VaultSecretSetup',
  alarmTopicArn: 'AlarmTopicArn',
} as const;

export type StackOutputKey = (typeof STACK_OUTPUT_KEYS)[keyof typeof STACK_OUTPUT_KEYS];
