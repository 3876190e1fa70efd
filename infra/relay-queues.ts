import { Duration, Stack } from 'aws-cdk-lib';
import { Queue, QueueEncryption, RedrivePermission } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEAD_LETTER_RETENTION_DAYS } from './settings';

/**
 * Receives the relay may lose to crashes or timeouts before it records an outcome. The relay parks
 * a message itself on its last attempt (MAX_ATTEMPTS); SQS's redrive must only ever catch what the
 * relay could not, so it sits this many receives above.
 */
export const REDRIVE_HEADROOM = 3;

export const redriveMaxReceiveCount = (maxAttempts: number): number => maxAttempts + REDRIVE_HEADROOM;

/**
 * AWS's rule for SQS event sources: at least six times the function timeout (Lambda may retry a
 * throttled invoke) plus the batching window, during which polled messages are already invisible.
 */
export const visibilityTimeoutFor = (functionTimeout: Duration, batchingWindow: Duration): Duration =>
  Duration.seconds(6 * functionTimeout.toSeconds() + batchingWindow.toSeconds());

export interface RelayQueuesProps {
  /** Physical name prefix; the source queue needs a known name (see below). */
  namePrefix: string;
  functionTimeout: Duration;
  maxBatchingWindow: Duration;
  maxAttempts: number;
  sourceRetention: Duration;
}

/** The source queue and its dead-letter queue, both encrypted by SQS and reachable over TLS only. */
export class RelayQueues extends Construct {
  readonly source: Queue;
  readonly deadLetter: Queue;

  constructor(scope: Construct, id: string, props: RelayQueuesProps) {
    super(scope, id);
    const sourceQueueName = `${props.namePrefix}-relationships`;
    // The DLQ's redrive allow policy names its source queue, and the source's redrive policy names
    // the DLQ. Referencing each other by attribute would be a CloudFormation cycle, so the source
    // gets a fixed name and the allow policy uses an ARN built from it.
    const sourceQueueArn = Stack.of(this).formatArn({ service: 'sqs', resource: sourceQueueName });

    this.deadLetter = new Queue(this, 'DeadLetterQueue', {
      queueName: `${sourceQueueName}-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(DEAD_LETTER_RETENTION_DAYS),
      redriveAllowPolicy: {
        redrivePermission: RedrivePermission.BY_QUEUE,
        sourceQueues: [Queue.fromQueueArn(this, 'SourceQueueRef', sourceQueueArn)],
      },
    });

    this.source = new Queue(this, 'SourceQueue', {
      queueName: sourceQueueName,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.sourceRetention,
      visibilityTimeout: visibilityTimeoutFor(props.functionTimeout, props.maxBatchingWindow),
      deadLetterQueue: {
        queue: this.deadLetter,
        maxReceiveCount: redriveMaxReceiveCount(props.maxAttempts),
      },
    });
  }
}
