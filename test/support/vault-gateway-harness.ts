import type { RelationshipMessage } from '../../functions/relationships/message';
import type { CallContext } from '../../functions/relationships/ports';
import { noPacing } from '../../functions/vault/burst-pacer';
import type { CredentialsSource } from '../../functions/vault/credentials-source';
import type { VaultCredentials } from '../../functions/vault/vault-credentials';
import { createVaultGateway, type VaultGatewayOptions } from '../../functions/vault/vault-gateway';
import { createManualClock } from './manual-clock';
import { loginAnswer, type SentRequest, scriptedFetch, TEST_DNS, vaultJson } from './scripted-vault-fetch';

export const TEST_PASSWORD = 'Sandbox-Passw0rd!';

/**
 * Credentials that behave like a cached secret: `rotate` changes the store, `get` keeps answering
 * the cached value until `refresh` reads the store again.
 */
export const rotatingCredentials = (password = TEST_PASSWORD, overrides: Partial<VaultCredentials> = {}) => {
  const make = (value: string): VaultCredentials => ({
    vaultDns: TEST_DNS,
    baseUrl: `https://${TEST_DNS}`,
    username: 'integration@promomats-sandbox.com',
    password: value,
    ...overrides,
  });
  let stored = make(password);
  let cached = stored;
  const counts = { gets: 0, refreshes: 0 };
  const source: CredentialsSource = {
    get: async () => {
      counts.gets += 1;
      return cached;
    },
    refresh: async () => {
      counts.refreshes += 1;
      cached = stored;
      return cached;
    },
  };
  return {
    source,
    counts,
    rotate: (next: string) => {
      stored = make(next);
    },
  };
};

export type Route = 'auth' | 'single' | 'bulk' | 'session' | 'other';

export const routeOf = (request: SentRequest): Route => {
  if (request.path === '/auth') return 'auth';
  if (request.path === '/session') return 'session';
  if (request.path === '/objects/documents/relationships/batch') return 'bulk';
  if (/^\/objects\/documents\/\d+\/versions\/\d+\/\d+\/relationships$/.test(request.path)) return 'single';
  return 'other';
};

type Handler = (request: SentRequest) => Response | Promise<Response>;

let nextId = 100;
/** A Vault that logs in and creates every relationship, unless a route is overridden. */
export const defaultVault: Record<Route, Handler> = {
  auth: () => loginAnswer('SESSION-A'),
  single: () => vaultJson({ responseStatus: 'SUCCESS', id: nextId++ }),
  bulk: (request) =>
    vaultJson({
      responseStatus: 'SUCCESS',
      data: (JSON.parse(request.body) as unknown[]).map(() => ({ responseStatus: 'SUCCESS', id: nextId++ })),
    }),
  session: () => vaultJson({ responseStatus: 'SUCCESS' }),
  other: () => new Response('not found', { status: 404 }),
};

export const row = (source: number, target = source + 1): RelationshipMessage => ({
  source_doc_id__v: source,
  source_major_version__v: 0,
  source_minor_version__v: 1,
  target_doc_id__v: target,
  target_major_version__v: 0,
  target_minor_version__v: 2,
  relationship_type__v: 'supporting_documents__vs',
});

export const rows = (count: number, first = 500): RelationshipMessage[] =>
  Array.from({ length: count }, (_, index) => row(first + index * 2));

export const callContext = (remainingMs = 60_000, referenceId = 'msg-1'): CallContext => ({
  remainingTimeMs: () => remainingMs,
  referenceId,
});

/** A gateway on a scripted Vault, a manual clock and rotating credentials; every piece is exposed. */
export const gatewayHarness = (
  routes: Partial<Record<Route, Handler>> = {},
  options: Partial<VaultGatewayOptions> & { password?: string } = {},
) => {
  const clock = createManualClock(1_700_000_000_000);
  const credentials = rotatingCredentials(options.password);
  const handlers = { ...defaultVault, ...routes };
  const vault = scriptedFetch((request) => handlers[routeOf(request)](request));
  const gateway = createVaultGateway({
    credentials: credentials.source,
    apiVersion: 'v25.2',
    clientId: 'relay-test',
    timeoutMs: 1_000,
    safetyMarginMs: 100,
    pacer: noPacing,
    fetch: vault.fetch,
    clock,
    sleep: clock.sleep,
    ...options,
  });
  const calls = (route: Route) => vault.requests.filter((request) => routeOf(request) === route);
  return { gateway, clock, credentials, vault, calls };
};
