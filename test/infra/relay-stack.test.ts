import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_OUTPUT_KEYS } from '../../infra/stack-outputs';
import { buildRelayStack, type RelayBuild, removeRelayBuilds } from '../support/relay-stack-builder';

const queueIds = (template: Template) => {
  const queues = template.findResources('AWS::SQS::Queue');
  const id = (suffix: string) => {
    const found = Object.keys(queues).find((key) => key.includes(suffix));
    if (!found) throw new Error(`no queue like ${suffix}`);
    return found;
  };
  return { source: id('SourceQueue'), deadLetter: id('DeadLetterQueue') };
};

afterAll(removeRelayBuilds);

describe('relay stack with default settings', () => {
  let build: RelayBuild;
  let ids: ReturnType<typeof queueIds>;

  beforeAll(() => {
    build = buildRelayStack();
    ids = queueIds(build.template);
  });

  it('reports batch item failures and uses the bulk-friendly batching defaults', () => {
    build.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 200,
      MaximumBatchingWindowInSeconds: 5,
      ScalingConfig: { MaximumConcurrency: 2 },
      EventSourceArn: { 'Fn::GetAtt': [ids.source, 'Arn'] },
    });
  });

  it('redrives to the DLQ only after more receives than the relay itself attempts', () => {
    const fn = Object.values(build.template.findResources('AWS::Lambda::Function'))[0];
    const maxAttempts = Number(fn?.Properties.Environment.Variables.MAX_ATTEMPTS);

    build.template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'VaultRelationshipRelay-relationships',
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [ids.deadLetter, 'Arn'] },
        maxReceiveCount: maxAttempts + 3,
      },
    });
    expect(maxAttempts).toBe(5);
  });

  it('lets the DLQ be redriven back to its source queue only', () => {
    build.template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'VaultRelationshipRelay-relationships-dlq',
      RedriveAllowPolicy: {
        redrivePermission: 'byQueue',
        sourceQueueArns: [{ 'Fn::Join': ['', Match.arrayWith([':VaultRelationshipRelay-relationships'])] }],
      },
    });
  });

  it('sets the visibility timeout to six function timeouts plus the batching window', () => {
    build.template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'VaultRelationshipRelay-relationships',
      VisibilityTimeout: 6 * 60 + 5,
    });
  });

  it('encrypts both queues with SQS-managed keys and denies non-TLS access to each', () => {
    for (const id of [ids.source, ids.deadLetter]) {
      build.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              Resource: { 'Fn::GetAtt': [id, 'Arn'] },
            }),
          ]),
        },
      });
    }
    const queues = Object.values(build.template.findResources('AWS::SQS::Queue'));
    expect(queues.map((queue) => queue.Properties.SqsManagedSseEnabled)).toEqual([true, true]);
  });

  it('keeps parked messages for 14 days, longer than the source queue keeps messages', () => {
    const queues = build.template.findResources('AWS::SQS::Queue');
    const retention = (id: string) => queues[id]?.Properties.MessageRetentionPeriod as number;

    expect(retention(ids.deadLetter)).toBe(14 * 24 * 3600);
    expect(retention(ids.source)).toBe(4 * 24 * 3600);
  });

  it('runs on the newest Node.js runtime, arm64, with JSON logs', () => {
    build.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 256,
      Timeout: 60,
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON', ApplicationLogLevel: 'INFO' }),
    });
  });

  it('gives the function the settings the handler reads, pointing at this stack resources', () => {
    build.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          SOURCE_QUEUE_URL: { Ref: ids.source },
          DLQ_URL: { Ref: ids.deadLetter },
          VAULT_SECRET_ID: { Ref: Match.stringLikeRegexp('VaultSecretPlaceholder') },
          VAULT_API_VERSION: 'v25.2',
          MAX_ATTEMPTS: '5',
          VAULT_CLIENT_ID: 'vault-relationship-relay',
          PACER_CONTAINERS: '2',
          POWERTOOLS_SERVICE_NAME: 'vault-relationship-relay',
          POWERTOOLS_METRICS_NAMESPACE: 'VaultRelationshipRelay',
        }),
      },
    });
  });

  it('grants only the secret read, source-queue consume, DLQ send and own-log writes', () => {
    const policies = Object.values(build.template.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    const secretId = Object.keys(build.template.findResources('AWS::SecretsManager::Secret'))[0];
    const logGroupId = Object.keys(build.template.findResources('AWS::Logs::LogGroup'))[0];

    const roles = Object.values(build.template.findResources('AWS::IAM::Role'));

    expect(roles.map((role) => role.Properties.ManagedPolicyArns)).toEqual([undefined]);
    expect(JSON.stringify(statements.map((statement) => statement.Resource))).not.toContain('*');
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: { Ref: secretId },
      },
      {
        Effect: 'Allow',
        Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
        Resource: { 'Fn::GetAtt': [ids.deadLetter, 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: [
          'sqs:ChangeMessageVisibility',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:ReceiveMessage',
        ],
        Resource: { 'Fn::GetAtt': [ids.source, 'Arn'] },
      },
    ]);
  });

  it('alarms on a parked message, an old message, function errors and throttles', () => {
    const alarms = Object.values(build.template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => ({
      metric: alarm.Properties.MetricName,
      threshold: alarm.Properties.Threshold,
      comparison: alarm.Properties.ComparisonOperator,
      actions: alarm.Properties.AlarmActions,
    }));

    expect(alarms).toEqual([
      {
        metric: 'ApproximateNumberOfMessagesVisible',
        threshold: 1,
        comparison: 'GreaterThanOrEqualToThreshold',
        actions: undefined,
      },
      {
        metric: 'ApproximateAgeOfOldestMessage',
        threshold: 900,
        comparison: 'GreaterThanOrEqualToThreshold',
        actions: undefined,
      },
      { metric: 'Errors', threshold: 1, comparison: 'GreaterThanOrEqualToThreshold', actions: undefined },
      { metric: 'Throttles', threshold: 1, comparison: 'GreaterThanOrEqualToThreshold', actions: undefined },
    ]);
    build.template.resourceCountIs('AWS::SNS::Topic', 0);
  });

  it('outputs every value the CLI reads under its documented key, and how to fill the placeholder secret', () => {
    const outputs = Object.keys(build.template.findOutputs('*'));

    expect(outputs).toEqual(
      expect.arrayContaining(
        Object.values(STACK_OUTPUT_KEYS).filter((key) => key !== STACK_OUTPUT_KEYS.alarmTopicArn),
      ),
    );
    build.template.hasOutput(STACK_OUTPUT_KEYS.vaultSecretSetup, {
      Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('put-secret-value --secret-id')])] },
    });
  });
});

describe('relay stack with changed settings', () => {
  let build: RelayBuild;

  beforeAll(() => {
    build = buildRelayStack({
      timeoutSeconds: '120',
      maxBatchingWindowSeconds: '10',
      maxAttempts: '7',
      maxConcurrency: '5',
      vaultSecret: 'relay/vault',
      alarmEmail: 'ops@example.com',
    });
  });

  it('recomputes the visibility timeout from the new function timeout and window', () => {
    build.template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'VaultRelationshipRelay-relationships',
      VisibilityTimeout: 6 * 120 + 10,
    });
    build.template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 120 });
  });

  it('tells each container pacer how many containers share the vault budget (maxConcurrency)', () => {
    build.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PACER_CONTAINERS: '5' }) },
    });
    build.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('moves the redrive threshold with MAX_ATTEMPTS', () => {
    build.template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 10 }),
    });
    build.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MAX_ATTEMPTS: '7' }) },
    });
  });

  it('imports the secret by name: no new secret, read access to that name only', () => {
    build.template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    build.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
            Resource: { 'Fn::Join': ['', Match.arrayWith([':secret:relay/vault-??????'])] },
          }),
        ]),
      },
    });
    build.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ VAULT_SECRET_ID: 'relay/vault' }) },
    });
    expect(build.template.findOutputs(STACK_OUTPUT_KEYS.vaultSecretSetup)).toEqual({});
  });

  it('sends every alarm to an encrypted, TLS-only topic with the e-mail subscribed', () => {
    const [topicId] = Object.keys(build.template.findResources('AWS::SNS::Topic'));

    build.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    build.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    build.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    const alarms = Object.values(build.template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.map((alarm) => alarm.Properties.AlarmActions)).toEqual(Array(4).fill([{ Ref: topicId }]));
  });
});

describe('relay stack importing its secret by ARN', () => {
  it('grants read on exactly that ARN and passes it to the function', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:relay/vault-AbC123';

    const { template } = buildRelayStack({ vaultSecret: arn });

    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
            Resource: arn,
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ VAULT_SECRET_ID: arn }) },
    });
  });
});
