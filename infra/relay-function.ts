import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  type ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
} from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RelaySettings } from './settings';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const handlerEntry = fileURLToPath(new URL('../functions/create-relationships/handler.ts', import.meta.url));

/** The newest Node.js runtime this aws-cdk-lib knows; named explicitly so upgrades are a visible diff. */
export const RELAY_RUNTIME = Runtime.NODEJS_24_X;

// ESM bundles still meet CommonJS dependencies (parts of the AWS SDK) that call `require`.
const ESM_REQUIRE_SHIM =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export const POWERTOOLS_SERVICE_NAME = 'vault-relationship-relay';
export const METRICS_NAMESPACE = 'VaultRelationshipRelay';

export interface RelayFunctionProps {
  settings: RelaySettings;
  sourceQueue: IQueue;
  deadLetterQueue: IQueue;
  secret: ISecret;
  /** Name or ARN the function passes to GetSecretValue. */
  secretId: string;
}

/** The handler, its log group and role, and the SQS event source that feeds it. */
export class RelayFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: RelayFunctionProps) {
    super(scope, id);
    const { settings } = props;

    this.logGroup = new LogGroup(this, 'Logs', { retention: settings.logRetentionDays as RetentionDays });
    // An explicit role instead of AWSLambdaBasicExecutionRole, whose log permissions cover every group.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Vault relationship relay: read its secret, consume its queue, write its DLQ and logs',
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.fn = new NodejsFunction(this, 'Handler', {
      entry: handlerEntry,
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      runtime: RELAY_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: settings.memorySize,
      timeout: Duration.seconds(settings.timeoutSeconds),
      role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: settings.logLevel as ApplicationLogLevel,
      systemLogLevelV2: SystemLogLevel.WARN,
      description: 'Creates Veeva Vault document relationships from SQS messages',
      environment: {
        VAULT_SECRET_ID: props.secretId,
        SOURCE_QUEUE_URL: props.sourceQueue.queueUrl,
        DLQ_URL: props.deadLetterQueue.queueUrl,
        VAULT_API_VERSION: settings.vaultApiVersion,
        MAX_ATTEMPTS: String(settings.maxAttempts),
        VAULT_CLIENT_ID: settings.vaultClientId,
        // Each container's burst pacer spends only its share of the vault's budget.
        PACER_CONTAINERS: String(settings.maxConcurrency),
        POWERTOOLS_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: settings.logLevel,
        // Stack traces point at the TypeScript sources through the bundled source map.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        forceDockerBundling: false,
        // esbuild's size summary is noise in `cdk synth --quiet`; warnings and errors still show.
        logLevel: LogLevel.WARNING,
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_SHIM,
        // Bundle the AWS SDK too: the version the tests ran against is the version that runs.
        externalModules: [],
      },
    });

    props.secret.grantRead(this.fn);
    props.deadLetterQueue.grantSendMessages(this.fn);
    // Also grants the consume actions on the source queue, ChangeMessageVisibility included.
    this.fn.addEventSource(
      new SqsEventSource(props.sourceQueue, {
        batchSize: settings.batchSize,
        maxBatchingWindow:
          settings.maxBatchingWindowSeconds > 0
            ? Duration.seconds(settings.maxBatchingWindowSeconds)
            : undefined,
        maxConcurrency: settings.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
  }
}
