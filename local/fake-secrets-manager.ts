import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for AWS Secrets Manager speaking its JSON 1.1 protocol, enough for the
 * SDK's GetSecretValue and PutSecretValue. There is no emulator package for it; this keeps the
 * handler on exactly the code path it runs in AWS, with only `AWS_ENDPOINT_URL_SECRETS_MANAGER` changed.
 */
export interface FakeSecretsManager {
  endpoint: string;
  /** Creates or rotates a secret (a new version becomes AWSCURRENT). */
  putSecret(name: string, value: string | object): void;
  /** How many GetSecretValue calls each secret received (cache behaviour is tested with this). */
  reads(name: string): number;
  stop(): Promise<void>;
}

interface StoredSecret {
  arn: string;
  value: string;
  versionId: string;
  createdDate: number;
  reads: number;
}

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const reply = (response: ServerResponse, status: number, body: object, errorType?: string) => {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  response.writeHead(status, headers).end(JSON.stringify(body));
};

export const startFakeSecretsManager = async (
  options: { port?: number } = {},
): Promise<FakeSecretsManager> => {
  const secrets = new Map<string, StoredSecret>();
  const find = (id: string) => secrets.get(id) ?? [...secrets.values()].find((secret) => secret.arn === id);

  const putSecret = (name: string, value: string | object) => {
    const existing = secrets.get(name);
    secrets.set(name, {
      arn:
        existing?.arn ??
        `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-${randomUUID().slice(0, 6)}`,
      value: typeof value === 'string' ? value : JSON.stringify(value),
      versionId: randomUUID(),
      createdDate: Date.now() / 1000,
      reads: existing?.reads ?? 0,
    });
  };

  const notFound = (response: ServerResponse) =>
    reply(
      response,
      400,
      { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." },
      'ResourceNotFoundException',
    );

  const server = createServer(async (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    let input: { SecretId?: string; SecretString?: string };
    try {
      input = JSON.parse((await readBody(request)) || '{}');
    } catch {
      return reply(
        response,
        400,
        { __type: 'SerializationException', message: 'body is not JSON' },
        'SerializationException',
      );
    }
    const secretId = input.SecretId ?? '';
    if (target === 'secretsmanager.GetSecretValue') {
      const secret = find(secretId);
      if (!secret) return notFound(response);
      secret.reads += 1;
      const name = [...secrets.entries()].find(([, stored]) => stored === secret)?.[0];
      return reply(response, 200, {
        ARN: secret.arn,
        Name: name,
        VersionId: secret.versionId,
        SecretString: secret.value,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: secret.createdDate,
      });
    }
    if (target === 'secretsmanager.PutSecretValue') {
      const secret = find(secretId);
      if (!secret || input.SecretString === undefined) return notFound(response);
      const name = [...secrets.entries()].find(([, stored]) => stored === secret)?.[0] as string;
      putSecret(name, input.SecretString);
      const updated = secrets.get(name) as StoredSecret;
      return reply(response, 200, {
        ARN: updated.arn,
        Name: name,
        VersionId: updated.versionId,
        VersionStages: ['AWSCURRENT'],
      });
    }
    return reply(
      response,
      400,
      { __type: 'UnknownOperationException', message: `unsupported target ${target}` },
      'UnknownOperationException',
    );
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    putSecret,
    reads: (name) => secrets.get(name)?.reads ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
