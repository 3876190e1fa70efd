import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localHandlerEnvironment } from '../../local/run/arguments';
import { generateExampleRows, LATE_DOCUMENT_IDS, toCsv } from '../../local/run/example-relationships';
import { type RunResult, runLocal } from '../../local/run/run-local';

const LOOPBACK = /^(127\.0\.0\.1|::1|localhost|.*\.localhost)$/;

const collect = () => {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
};

/**
 * `npm start` in-process on a 40-row file from the same generator as examples/relationships.csv:
 * the real handler (imported after the run sets its environment), embedded SQS, fake Secrets
 * Manager and fake Vault, the CLI's enqueue, inspect and replay. The handler module caches its
 * wiring per process, as Lambda does per container, so this file runs the flow once.
 */
describe('local run, end to end', () => {
  let directory: string;
  let result: RunResult;
  const stdout = collect();
  const stderr = collect();
  const hosts = new Set<string>();
  const handlerLines: string[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'relay-e2e-'));
    const file = join(directory, 'relationships.csv');
    await writeFile(file, toCsv(generateExampleRows({ total: 40 })));
    const connect = net.Socket.prototype.connect;
    vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (
      this: net.Socket,
      ...args: unknown[]
    ) {
      // net.connect hands over its normalised arguments as one array: [options, callback].
      const [first, second] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
      const host =
        typeof first === 'object' && first !== null
          ? ((first as { host?: string }).host ?? 'localhost')
          : second;
      if (typeof host === 'string') hosts.add(host);
      return (connect as (...rest: unknown[]) => net.Socket).apply(this, args);
    });

    result = await runLocal(
      {
        file,
        json: true,
        vault: { kind: 'fake', faultRate: 0, faultSeed: 1 },
        maxAttempts: 3,
        visibilityTimeoutSeconds: 10,
        replayCode: 'VAULT_INVALID_DATA',
        handlerEnvironment: localHandlerEnvironment(5_000),
        onHandlerLogLine: (line) => handlerLines.push(line),
        concurrency: 2,
        batchSize: 10,
        batchingWindowMs: 100,
        functionTimeoutMs: 5_000,
        drainTimeoutMs: 60_000,
      },
      { stdout: stdout.stream, stderr: stderr.stream },
      new AbortController().signal,
    );
  }, 120_000);

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('accounts for every message and exits 0', () => {
    // 40 rows: 25 new relationships (the seed example among them), 3 duplicates, 4 naming
    // documents that appear later, 2 of the standard type based_on__v, 1 unknown version, 1 unknown
    // type, 1 without the target version its type needs, 3 that fail the schema.
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.counts).toMatchObject({
      ok: true,
      enqueued: 40,
      created: 29,
      existed: 3,
      dlq: 8,
      firstPass: { created: 25, existed: 3, rejected: 12, exhausted: 0, redriven: 0 },
      replay: { replayed: 6, created: 4, existed: 0, backInDlq: 2 },
      vaultRelationships: 29,
    });
  });

  it('leaves the fake Vault with each relationship once, the seed example and the replayed ones among them', () => {
    const rows = result.createdInVault ?? [];
    const keys = rows.map((row) => JSON.stringify({ ...row, id: 0, createdAt: '' }));
    expect(new Set(keys).size).toBe(rows.length);
    expect(
      rows.filter(
        (row) =>
          row.source_doc_id__v === 548 &&
          row.source_major_version__v === 0 &&
          row.source_minor_version__v === 1 &&
          row.target_doc_id__v === 548 &&
          row.target_major_version__v === 0 &&
          row.target_minor_version__v === 2 &&
          row.relationship_type__v === 'supporting_documents__vs',
      ),
    ).toHaveLength(1);
    const late = new Set<number>(LATE_DOCUMENT_IDS);
    expect(
      rows.filter((row) => late.has(row.source_doc_id__v) || late.has(row.target_doc_id__v)),
    ).toHaveLength(4);
    expect(rows.some((row) => row.relationship_type__v === 'based_on__v')).toBe(false);
  });

  it('shows the outcome table, the DLQ by code and the replay, and ends with one JSON line', () => {
    const text = stdout.text();
    expect(text).toMatch(/created\s+25/);
    expect(text).toMatch(/INVALID_MESSAGE\s+3/);
    expect(text).toMatch(/VAULT_INVALID_DATA\s+6/);
    expect(text).toMatch(/VAULT_OPERATION_NOT_ALLOWED\s+2/);
    expect(text).toContain('Moved 6 of 12 examined');
    const lastLine = text.trimEnd().split('\n').at(-1) ?? '';
    expect(JSON.parse(lastLine)).toEqual(result.counts);
  });

  it('talks to nothing but loopback, and stops every server it started', async () => {
    expect(hosts.size).toBeGreaterThan(0);
    expect([...hosts].filter((host) => !LOOPBACK.test(host))).toEqual([]);
    for (const endpoint of result.endpoints) {
      await expect(fetch(endpoint, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    }
    expect(process.env.VAULT_SECRET_ID).toBeUndefined();
    expect(process.env.AWS_ENDPOINT_URL_SQS).toBeUndefined();
  });

  it('puts a heading over the invalid rows enqueue lists, saying they are sent raw on purpose', () => {
    const lines = stderr.text().split('\n');
    const firstInvalid = lines.findIndex((line) => /^line \d+: /.test(line));
    const headingAt = lines.findIndex((line) => line.startsWith('Invalid rows, expected'));
    expect(firstInvalid).toBeGreaterThan(0);
    expect(headingAt).toBeGreaterThanOrEqual(0);
    expect(headingAt).toBeLessThan(firstInvalid);
    expect(lines[headingAt + 1]).toMatch(
      /3 rows fail the schema: sent raw anyway, on purpose .* INVALID_MESSAGE/,
    );
  });

  it('captures the handler’s own log lines, without the Vault password', () => {
    expect(handlerLines.some((line) => line.includes('"outcome":"created"'))).toBe(true);
    expect(handlerLines.join('\n')).not.toContain('Sandbox-Passw0rd!');
  });
});
