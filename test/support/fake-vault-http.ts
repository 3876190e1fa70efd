import { afterEach } from 'vitest';
import { DEFAULT_USER, type FakeVault, type FakeVaultOptions, startFakeVault } from '../../local/fake-vault';

/** Plain-fetch helpers for driving the fake Vault over real HTTP, the way any client would. */
export const API = '/api/v25.2';

export interface VaultReply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary Vault JSON fields
  json: any;
}

const toReply = async (response: Response): Promise<VaultReply> => {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json };
};

const authHeaders = (sessionId?: string): Record<string, string> =>
  sessionId === undefined ? {} : { Authorization: sessionId };

export const postForm = async (
  vault: FakeVault,
  path: string,
  fields: Record<string, string | number>,
  sessionId?: string,
): Promise<VaultReply> =>
  toReply(
    await fetch(`${vault.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...authHeaders(sessionId) },
      body: new URLSearchParams(
        Object.entries(fields).map(([name, value]): [string, string] => [name, String(value)]),
      ),
    }),
  );

export const send = async (
  vault: FakeVault,
  method: string,
  path: string,
  options: { sessionId?: string; contentType?: string; body?: string; authorization?: string } = {},
): Promise<VaultReply> => {
  const headers: Record<string, string> = { ...authHeaders(options.sessionId) };
  if (options.authorization !== undefined) headers.Authorization = options.authorization;
  if (options.contentType) headers['Content-Type'] = options.contentType;
  return toReply(await fetch(`${vault.url}${path}`, { method, headers, body: options.body }));
};

export const login = async (
  vault: FakeVault,
  fields: Partial<Record<'username' | 'password' | 'vaultDNS', string>> = {},
): Promise<VaultReply> =>
  postForm(vault, `${API}/auth`, {
    username: DEFAULT_USER.username,
    password: DEFAULT_USER.password,
    vaultDNS: vault.dns,
    ...fields,
  });

/** Logs in as the default user and returns the session id, failing loudly if login did not succeed. */
export const sessionFor = async (
  vault: FakeVault,
  fields: Partial<Record<'username' | 'password' | 'vaultDNS', string>> = {},
): Promise<string> => {
  const reply = await login(vault, fields);
  if (reply.json?.responseStatus !== 'SUCCESS')
    throw new Error(`login failed: ${JSON.stringify(reply.json)}`);
  return reply.json.sessionId as string;
};

/** The seed page's example: document 548 v0.1 supported by document 548 v0.2. */
export const SEED_EXAMPLE_PATH = `${API}/objects/documents/548/versions/0/1/relationships`;
export const SEED_EXAMPLE_FORM = {
  target_doc_id__v: 548,
  relationship_type__v: 'supporting_documents__vs',
  target_major_version__v: 0,
  target_minor_version__v: 2,
};

export const relationshipsPath = (docId: number | string, major: number | string, minor: number | string) =>
  `${API}/objects/documents/${docId}/versions/${major}/${minor}/relationships`;

export const BULK_PATH = `${API}/objects/documents/relationships/batch`;

export const postBulkJson = (vault: FakeVault, sessionId: string, rows: unknown) =>
  send(vault, 'POST', BULK_PATH, { sessionId, contentType: 'application/json', body: JSON.stringify(rows) });

export const postBulkCsv = (vault: FakeVault, sessionId: string, csv: string) =>
  send(vault, 'POST', BULK_PATH, { sessionId, contentType: 'text/csv', body: csv });

/**
 * One fake Vault per test, stopped after each: returns the `start` a test calls in its prepare step.
 * The suite receives the started vault (and, with `withSession`, a default-user session) through
 * `onStart`, so the tests keep reading plain `vault` / `sessionId` variables.
 */
export const fakeVaultPerTest = (
  onStart: (started: { vault: FakeVault; sessionId: string }) => void,
  { withSession = false }: { withSession?: boolean } = {},
) => {
  let current: FakeVault | undefined;
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  return async (options: FakeVaultOptions = {}): Promise<void> => {
    current = await startFakeVault(options);
    onStart({ vault: current, sessionId: withSession ? await sessionFor(current) : '' });
  };
};
