import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildRelayStack,
  createTestRelayApp,
  type RelayBuild,
  removeRelayBuilds,
} from '../support/relay-stack-builder';

interface ValidationReport {
  pluginReports: { pluginName: string; violations: { ruleName: string }[] }[];
}

const readValidationReport = (outdir: string): ValidationReport =>
  JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));

const acknowledgements = (root: IConstruct) =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ path: construct.node.path, id, reason })),
  );

/** Where CDK staged the function's bundle: the asset directory named by the code's S3 key. */
const bundleDir = (build: RelayBuild): string => {
  const fn = Object.values(build.template.findResources('AWS::Lambda::Function'))[0];
  const assetHash = String(fn?.Properties.Code.S3Key).replace(/\.zip$/, '');
  return join(build.outdir, `asset.${assetHash}`);
};

afterAll(removeRelayBuilds);

describe('cdk-nag AwsSolutions on the bundled default stack', () => {
  let build: RelayBuild;

  beforeAll(() => {
    build = buildRelayStack({}, { bundle: true });
  });

  it('synthesises with no unacknowledged finding and no warning', () => {
    const report = readValidationReport(build.outdir);

    expect(report.pluginReports.flatMap((plugin) => plugin.violations)).toEqual([]);
    expect(Annotations.fromStack(build.stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('acknowledges only the reviewed finding, with its reason', () => {
    const found = acknowledgements(build.stack);

    expect(found).toEqual([
      {
        path: 'VaultRelationshipRelay/VaultSecret/Placeholder',
        id: 'Annotation::AwsSolutions-SMG4',
        reason: expect.stringMatching(/rotated in Vault/),
      },
    ]);
  });

  it('bundles the handler with the local esbuild as a minified ESM module with a source map', () => {
    const assetDir = bundleDir(build);
    const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');

    expect(
      bundle.startsWith(
        "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
      ),
    ).toBe(true);
    expect(bundle).toMatch(/export\s*\{[^}]*handler/);
    expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);
  });

  it('produces a bundle Node loads on its own, exporting the handler function', () => {
    const bundleUrl = pathToFileURL(join(bundleDir(build), 'index.mjs')).href;
    const probe = `import(${JSON.stringify(bundleUrl)}).then((m) => process.stdout.write(typeof m.handler))`;

    // A separate process, outside the repo, so nothing resolves from node_modules: the bundle is all there is.
    const exported = execFileSync(process.execPath, ['-e', probe], {
      cwd: build.outdir,
      encoding: 'utf8',
      env: {},
    });

    expect(exported).toBe('function');
  });
});

describe('cdk-nag AwsSolutions gate', () => {
  it('passes the variant with an imported secret and an alarm e-mail topic', () => {
    const { outdir } = buildRelayStack({ vaultSecret: 'relay/vault', alarmEmail: 'ops@example.com' });

    const report = readValidationReport(outdir);

    expect(report.pluginReports.flatMap((plugin) => plugin.violations)).toEqual([]);
  });

  it('fails synthesis on a finding nobody acknowledged, naming the rule', () => {
    const { app, stack } = createTestRelayApp();
    new Queue(stack, 'Unencrypted', { encryption: QueueEncryption.UNENCRYPTED });

    const synth = () => app.synth();

    expect(synth).toThrow(/AwsSolutions-SQS4/);
  });
});
