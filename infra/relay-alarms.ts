import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface RelayAlarmsProps {
  sourceQueue: IQueue;
  deadLetterQueue: IQueue;
  fn: IFunction;
  oldestMessageAlarmSeconds: number;
  /** When set, alarms notify an encrypted SNS topic with this e-mail subscribed. */
  alarmEmail?: string;
}

interface AlarmSpec {
  id: string;
  metric: IMetric;
  threshold: number;
  description: string;
}

/** Alarms for a relay that has parked messages, fallen behind, crashed or been throttled. */
export class RelayAlarms extends Construct {
  readonly alarms: Alarm[];
  readonly topic?: Topic;

  constructor(scope: Construct, id: string, props: RelayAlarmsProps) {
    super(scope, id);
    const fiveMinutes = Duration.minutes(5);
    const specs: AlarmSpec[] = [
      {
        id: 'DeadLetterMessages',
        metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        threshold: 1,
        description:
          'Relationships were parked on the DLQ: run `relay dlq inspect`, fix the cause, then replay.',
      },
      {
        id: 'OldestMessageAge',
        metric: props.sourceQueue.metricApproximateAgeOfOldestMessage({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        threshold: props.oldestMessageAlarmSeconds,
        description:
          'The relay is falling behind or Vault is unavailable: messages wait longer than expected.',
      },
      {
        id: 'FunctionErrors',
        metric: props.fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        description: 'The relay function failed a whole invocation (crash, timeout or configuration error).',
      },
      {
        id: 'FunctionThrottles',
        metric: props.fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        description: 'The relay function was throttled: the account or reserved concurrency is exhausted.',
      },
    ];
    this.alarms = specs.map(
      (spec) =>
        new Alarm(this, spec.id, {
          metric: spec.metric,
          threshold: spec.threshold,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
          alarmDescription: spec.description,
        }),
    );

    if (props.alarmEmail) {
      this.topic = this.createTopic(props.alarmEmail);
      const action = new SnsAction(this.topic);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }

  private createTopic(email: string): Topic {
    const stack = Stack.of(this);
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    // A customer-managed key: CloudWatch cannot publish to a topic under the AWS-managed SNS key,
    // whose policy cannot grant it kms:GenerateDataKey.
    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts the relay alarm topic',
      enableKeyRotation: true,
    });
    key.grant(cloudWatch, 'kms:Decrypt', 'kms:GenerateDataKey*');
    const topic = new Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
    topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowAlarmsOfThisAccount',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    topic.addSubscription(new EmailSubscription(email));
    return topic;
  }
}
