import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const HANDLER_ENTRY = fileURLToPath(new URL('../functions/create-relationships/handler.ts', import.meta.url));
// The same banner the stack adds (infra/relay-function.ts): CommonJS parts of the SDK call require.
const ESM_REQUIRE_SHIM =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface BundleMetrics {
  bytes: number;
  /** Bytes in the bundle per npm package (the relay's own code as `relay`), largest first. */
  composition: { source: string; bytes: number }[];
  coldImportMs: { median: number; samples: number[] };
}

/** Environment the handler validates at cold start; nothing is called while importing. */
const IMPORT_ENV = {
  VAULT_SECRET_ID: 'bench/import-only',
  DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/bench-dlq',
  SOURCE_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/bench',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_SERVICE_NAME: 'vault-relationship-relay',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  // As the stack sets it: stack traces point at the sources through the bundled source map.
  NODE_OPTIONS: '--enable-source-maps',
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

const composition = (inputs: [string, { bytesInOutput: number }][]) => {
  const bySource = new Map<string, number>();
  for (const [path, { bytesInOutput }] of inputs) {
    const source = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? 'relay';
    bySource.set(source, (bySource.get(source) ?? 0) + bytesInOutput);
  }
  return [...bySource].map(([source, bytes]) => ({ source, bytes })).sort((a, b) => b.bytes - a.bytes);
};

/**
 * Bundles the handler as the stack does (NodejsFunction with local esbuild: ESM, minified, Node
 * target of the Lambda runtime, AWS SDK included), then imports the bundle in `runs` fresh Node
 * processes and times the import alone (module load and top-level code, not Node's own start).
 */
export const measureBundle = async (runs: number): Promise<BundleMetrics> => {
  const directory = await mkdtemp(join(tmpdir(), 'relay-bench-bundle-'));
  try {
    const outfile = join(directory, 'index.mjs');
    const { metafile } = await build({
      entryPoints: [HANDLER_ENTRY],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      minify: true,
      sourcemap: true,
      sourcesContent: false,
      mainFields: ['module', 'main'],
      banner: { js: ESM_REQUIRE_SHIM },
      outfile,
      logLevel: 'error',
      metafile: true,
    });
    const { size } = await stat(outfile);
    const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(outfile).href)}); process.stdout.write(String(performance.now() - t));`;
    const samples: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, ...IMPORT_ENV },
      });
      samples.push(Number(stdout.trim()));
    }
    return {
      bytes: size,
      composition: composition(
        Object.values(metafile.outputs).flatMap((output) => Object.entries(output.inputs)),
      ),
      coldImportMs: { median: median(samples), samples },
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
};
