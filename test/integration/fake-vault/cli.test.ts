import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_USER } from '../../../local/fake-vault';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'local', 'fake-vault', 'cli.ts');

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const runCli = (args: string[]): Running => {
  const child = spawn(TSX, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
};

const waitForUrl = async (running: Running): Promise<string> => {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(running.output());
    if (match) return match[1] as string;
    if (running.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`fake-vault CLI did not start:\n${running.output()}`);
};

describe('fake Vault command line', () => {
  let running: Running | undefined;
  let directory: string | undefined;
  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    running = undefined;
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('prints the base URL and default user, serves the seed example, and stops cleanly on SIGTERM', async () => {
    running = runCli(['--port', '0']);
    const url = await waitForUrl(running);
    const auth = await fetch(`${url}/api/v25.2/auth`, {
      method: 'POST',
      body: new URLSearchParams({ username: DEFAULT_USER.username, password: DEFAULT_USER.password }),
    }).then((response) => response.json() as Promise<{ sessionId: string }>);
    const create = () =>
      fetch(`${url}/api/v25.2/objects/documents/548/versions/0/1/relationships`, {
        method: 'POST',
        headers: { Authorization: auth.sessionId },
        body: new URLSearchParams({
          target_doc_id__v: '548',
          relationship_type__v: 'supporting_documents__vs',
          target_major_version__v: '0',
          target_minor_version__v: '2',
        }),
      }).then((response) => response.json());

    const first = await create();
    const second = await create();
    running.child.kill('SIGTERM');
    const code = await running.exited;

    expect(running.output()).toContain(DEFAULT_USER.username);
    expect(running.output()).not.toContain(DEFAULT_USER.password);
    expect(first).toEqual({
      responseStatus: 'SUCCESS',
      responseMessage: 'Document relationship successfully created.',
      id: 1,
    });
    expect(second).toMatchObject({ responseStatus: 'SUCCESS', id: 0 });
    expect(code).toBe(0);
    expect(running.output()).toContain('stopped (SIGTERM)');
  });

  it('exits with a clear message when --seed is invalid', async () => {
    directory = await mkdtemp(join(tmpdir(), 'fake-vault-cli-'));
    const seedFile = join(directory, 'seed.json');
    await writeFile(
      seedFile,
      JSON.stringify({ documents: [{ id: 'x', versions: [] }], relationshipTypes: [] }),
    );

    running = runCli(['--port', '0', '--seed', seedFile]);
    const code = await running.exited;

    expect(code).toBe(1);
    expect(running.output()).toContain(`${seedFile} is not a valid seed`);
    expect(running.output()).toContain('documents[0].id');
  });
});
