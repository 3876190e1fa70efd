import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export interface LambdaContextOptions {
  functionName: string;
  /** The function's configured timeout; getRemainingTimeInMillis counts down from it. */
  timeoutMs: number;
  region: string;
  /** Injected so tests can drive the countdown. */
  now?: () => number;
}

const unsupported = (name: string) => () => {
  throw new Error(`context.${name}() is the callback-era API; the relay's handler returns a promise`);
};

/** A Context shaped like the one the Node.js Lambda runtime passes to one invocation. */
export const createLambdaContext = ({
  functionName,
  timeoutMs,
  region,
  now = Date.now,
}: LambdaContextOptions): Context => {
  const deadline = now() + timeoutMs;
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
};
