import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { VaultBody } from './envelope';

export interface VaultHeaderValues {
  burstLimit: number;
  burstRemaining: number;
  vaultId: number;
  userId?: number;
  responseDelayMs?: number;
}

/** Writes a Vault JSON answer: HTTP 200 whatever the outcome, with the X-VaultAPI-* headers. */
export const writeVaultResponse = (
  response: ServerResponse,
  body: VaultBody,
  values: VaultHeaderValues,
  lowercaseHeaders: boolean,
): void => {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json;charset=UTF-8',
    'X-VaultAPI-BurstLimit': String(values.burstLimit),
    'X-VaultAPI-BurstLimitRemaining': String(values.burstRemaining),
    'X-VaultAPI-ExecutionId': randomUUID(),
    'X-VaultAPI-VaultId': String(values.vaultId),
    'X-VaultAPI-Status': body.responseStatus,
  };
  if (values.userId !== undefined) headers['X-VaultAPI-UserId'] = String(values.userId);
  if (values.responseDelayMs) headers['X-VaultAPI-ResponseDelay'] = String(values.responseDelayMs);
  // Node sends header names exactly as given, so this is what an HTTP/2 Vault's lowercase names look like.
  const named = lowercaseHeaders
    ? Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))
    : headers;
  response.writeHead(200, named).end(JSON.stringify(body));
};

/** A load balancer's error page: not Vault JSON, no Vault headers. */
export const writeProxyError = (response: ServerResponse, status: 502 | 503): void => {
  const title = status === 502 ? '502 Bad Gateway' : '503 Service Temporarily Unavailable';
  response
    .writeHead(status, { 'Content-Type': 'text/html' })
    .end(
      `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`,
    );
};
