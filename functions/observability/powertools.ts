import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/** Used when POWERTOOLS_SERVICE_NAME is not set, so logs never say "service_undefined". */
const DEFAULT_SERVICE_NAME = 'vault-relationship-relay';
/** Used when POWERTOOLS_METRICS_NAMESPACE is not set. */
const DEFAULT_METRICS_NAMESPACE = 'VaultRelationshipRelay';

type Environment = Record<string, string | undefined>;

/**
 * The relay's structured JSON logger. Powertools reads POWERTOOLS_LOG_LEVEL itself; the service
 * name is only defaulted, because an option given here would override the environment.
 */
export const createRelayLogger = (environment: Environment = process.env): Logger =>
  new Logger(environment.POWERTOOLS_SERVICE_NAME ? {} : { serviceName: DEFAULT_SERVICE_NAME });

/** CloudWatch metrics in Embedded Metric Format, written to stdout with the logs. */
export const createRelayMetrics = (environment: Environment = process.env): Metrics =>
  new Metrics({
    ...(environment.POWERTOOLS_SERVICE_NAME ? {} : { serviceName: DEFAULT_SERVICE_NAME }),
    ...(environment.POWERTOOLS_METRICS_NAMESPACE ? {} : { namespace: DEFAULT_METRICS_NAMESPACE }),
  });
