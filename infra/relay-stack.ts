import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { RelayAlarms } from './relay-alarms';
import { RelayFunction } from './relay-function';
import { RelayQueues } from './relay-queues';
import type { RelaySettings } from './settings';
import { STACK_OUTPUT_KEYS } from './stack-outputs';
import { VaultSecret } from './vault-secret';

export interface RelayStackProps extends StackProps {
  settings: RelaySettings;
}

/** Source queue → relay function → Vault, with a DLQ, the credentials secret and alarms. */
export class RelayStack extends Stack {
  readonly queues: RelayQueues;
  readonly relay: RelayFunction;
  readonly vaultSecret: VaultSecret;
  readonly alarms: RelayAlarms;

  constructor(scope: Construct, id: string, props: RelayStackProps) {
    super(scope, id, {
      description: 'Vault relationship relay: SQS messages become Veeva Vault document relationships',
      ...props,
    });
    const { settings } = props;

    this.queues = new RelayQueues(this, 'Queues', {
      namePrefix: this.stackName,
      functionTimeout: Duration.seconds(settings.timeoutSeconds),
      maxBatchingWindow: Duration.seconds(settings.maxBatchingWindowSeconds),
      maxAttempts: settings.maxAttempts,
      sourceRetention: Duration.days(settings.sourceRetentionDays),
    });
    this.vaultSecret = new VaultSecret(this, 'VaultSecret', { existing: settings.vaultSecret });
    this.relay = new RelayFunction(this, 'Relay', {
      settings,
      sourceQueue: this.queues.source,
      deadLetterQueue: this.queues.deadLetter,
      secret: this.vaultSecret.secret,
      secretId: this.vaultSecret.secretId,
    });
    this.alarms = new RelayAlarms(this, 'Alarms', {
      sourceQueue: this.queues.source,
      deadLetterQueue: this.queues.deadLetter,
      fn: this.relay.fn,
      oldestMessageAlarmSeconds: settings.oldestMessageAlarmSeconds,
      alarmEmail: settings.alarmEmail,
    });
    this.addOutputs();
  }

  // Outputs live on the stack itself so their logical ids are exactly the documented keys.
  private addOutputs(): void {
    const { source, deadLetter } = this.queues;
    const output = (key: string, value: string, description: string) =>
      new CfnOutput(this, key, { value, description });
    output(STACK_OUTPUT_KEYS.sourceQueueUrl, source.queueUrl, 'Producers send relationship messages here');
    output(STACK_OUTPUT_KEYS.sourceQueueArn, source.queueArn, 'Source queue ARN');
    output(
      STACK_OUTPUT_KEYS.deadLetterQueueUrl,
      deadLetter.queueUrl,
      'Parked messages with their relay.failure',
    );
    output(STACK_OUTPUT_KEYS.deadLetterQueueArn, deadLetter.queueArn, 'Dead-letter queue ARN');
    output(STACK_OUTPUT_KEYS.functionName, this.relay.fn.functionName, 'Relay function');
    output(
      STACK_OUTPUT_KEYS.logGroupName,
      this.relay.logGroup.logGroupName,
      'Relay logs: aws logs tail NAME --follow',
    );
    output(STACK_OUTPUT_KEYS.vaultSecretArn, this.vaultSecret.secret.secretArn, 'Vault credentials secret');
    if (this.vaultSecret.isPlaceholder) {
      output(
        STACK_OUTPUT_KEYS.vaultSecretSetup,
        `aws secretsmanager put-secret-value --secret-id ${this.vaultSecret.secret.secretArn} --secret-string file://vault-secret.json`,
        'The secret is an empty placeholder: fill it with {"vaultDns","username","password","clientId"?} before sending messages',
      );
    }
    if (this.alarms.topic) {
      output(
        STACK_OUTPUT_KEYS.alarmTopicArn,
        this.alarms.topic.topicArn,
        'Alarm notifications (confirm the e-mail)',
      );
    }
  }
}
