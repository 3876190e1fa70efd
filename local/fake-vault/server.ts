import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Authenticator } from './auth';
import { BurstLimiter } from './burst-limiter';
import { dispatch, type FakeVaultState } from './dispatch';
import { vaultException } from './envelope';
import { vaultFault } from './fault-answers';
import { FaultPlan } from './faults';
import { resolveOptions } from './options';
import { VaultStore } from './relationship-store';
import { writeProxyError, writeVaultResponse } from './respond';
import { type MatchedRoute, matchRoute } from './router';
import { parseSeedDocument } from './seed-schema';
import { SessionStore, sessionIdFromHeader } from './sessions';
import type { FakeVault, FakeVaultDefinition, FakeVaultOptions, RouteKey } from './types';

const MAX_BODY_BYTES = 20 * 1024 * 1024;

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
};

const safeMatch = (method: string, pathname: string): MatchedRoute => {
  try {
    return matchRoute(method, pathname);
  } catch {
    return { key: 'unknown', params: [], malformed: true };
  }
};

/**
 * Starts a fake Veeva Vault on 127.0.0.1 (see docs/fake-vault.md). Everything Vault answers is
 * HTTP 200 with a responseStatus; only the proxy-level faults (502/503 pages, resets, hangs) are not.
 */
export const startFakeVault = async (options: FakeVaultOptions = {}): Promise<FakeVault> => {
  const resolved = resolveOptions(options);
  const { now } = resolved;
  const firstVault = resolved.vaults[0] as FakeVaultDefinition;
  const sessions = new SessionStore(
    { idleMs: resolved.sessionIdleTimeoutMs, maxLifetimeMs: resolved.sessionMaxLifetimeMs },
    now,
  );
  const state: FakeVaultState = {
    options: resolved,
    stores: new Map(),
    sessions,
    auth: new Authenticator(
      resolved.users,
      resolved.vaults,
      { loginsPerMinute: resolved.loginsPerMinute, lockoutAfterFailures: resolved.lockoutAfterFailures },
      sessions,
      now,
    ),
  };
  const bursts = new Map(resolved.vaults.map((vault) => [vault.id, new BurstLimiter(resolved.burst, now)]));
  const faults = new FaultPlan(resolved.faults);
  const calls: Partial<Record<RouteKey, number>> = {};
  const clientIds = new Map<string, number>();
  const stopping = new AbortController();
  const seedStores = () => {
    for (const vault of resolved.vaults) state.stores.set(vault.id, new VaultStore(vault.id, resolved.seed));
  };
  seedStores();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const route = safeMatch(request.method ?? 'GET', url.pathname);
    calls[route.key] = (calls[route.key] ?? 0) + 1;
    const clientId = request.headers['x-vaultapi-clientid'];
    if (typeof clientId === 'string') clientIds.set(clientId, (clientIds.get(clientId) ?? 0) + 1);
    const body = await readBody(request);
    const fault = faults.next(route.key);
    if (fault === 'reset') return void request.socket.destroy();
    // A response that never comes: the socket stays open until the client gives up or stop() runs.
    if (fault === 'hang') return;
    if (fault === 'http_502' || fault === 'http_503') {
      if (resolved.latencyMs > 0) await sleep(resolved.latencyMs, undefined, { signal: stopping.signal });
      return writeProxyError(response, fault === 'http_502' ? 502 : 503);
    }
    const sessionId = sessionIdFromHeader(request.headers.authorization);
    const outcome =
      (fault && vaultFault(fault, state, sessionId)) ??
      dispatch(state, {
        route,
        sessionId,
        host: request.headers.host,
        contentType: String(request.headers['content-type'] ?? ''),
        body,
      });
    const vaultId = outcome.vaultId ?? firstVault.id;
    const ticket = (bursts.get(vaultId) as BurstLimiter).take();
    const delay = resolved.latencyMs + (fault === 'latency' ? resolved.faultLatencyMs : 0) + ticket.delayMs;
    if (delay > 0) await sleep(delay, undefined, { signal: stopping.signal });
    writeVaultResponse(
      response,
      outcome.body,
      {
        burstLimit: ticket.limit,
        burstRemaining: ticket.remaining,
        vaultId,
        userId: outcome.userId,
        responseDelayMs: ticket.delayMs,
      },
      resolved.lowercaseHeaders,
    );
    if (outcome.session) sessions.touch(outcome.session);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (stopping.signal.aborted) return;
      if (response.headersSent) return void response.destroy();
      // A bug in the fake surfaces the way a Vault bug would: EXCEPTION with HTTP 200.
      response
        .writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8' })
        .end(JSON.stringify(vaultException(`fake vault error: ${(error as Error).message}`)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const storeOf = (vaultId: number) => {
    const store = state.stores.get(vaultId);
    if (!store) throw new Error(`fake vault: unknown vault ${vaultId}`);
    return store;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    dns: firstVault.dns,
    relationships: (vaultId) =>
      vaultId === undefined
        ? [...state.stores.values()].flatMap((store) => store.all())
        : storeOf(vaultId).all(),
    calls: () => ({ ...calls }),
    clientIds: () => Object.fromEntries(clientIds),
    burstState: (vaultId = firstVault.id) => {
      const burst = bursts.get(vaultId);
      if (!burst) throw new Error(`fake vault: unknown vault ${vaultId}`);
      return burst.state();
    },
    loginFailures: (username) => state.auth.loginFailures(username),
    injectFaults: (route, kinds) => faults.inject(route, kinds),
    faultsInjected: () => faults.injected(),
    setPassword: (username, password) => state.auth.setPassword(username, password),
    addDocument: (vaultId, document) => {
      const parsed = parseSeedDocument(document);
      const targets = vaultId === undefined ? [...state.stores.values()] : [storeOf(vaultId)];
      for (const store of targets) store.addDocument(parsed);
    },
    sessionCount: () => sessions.count(),
    issuedSessionIds: () => sessions.issued(),
    reset: () => {
      seedStores();
      sessions.clear();
      state.auth.reset();
      for (const burst of bursts.values()) burst.reset();
      faults.reset();
      for (const key of Object.keys(calls)) delete calls[key as RouteKey];
      clientIds.clear();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        stopping.abort();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
