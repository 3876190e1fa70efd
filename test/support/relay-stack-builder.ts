import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { createRelayApp, type RelayApp } from '../../infra/relay-app';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

/** cdk.json's context: the feature flags and default settings `cdk synth` runs with. */
export const cdkJsonContext = (): Record<string, unknown> => ({ ...cdkJson.context });

export interface RelayBuild extends RelayApp {
  template: Template;
  outdir: string;
}

export interface BuildOptions {
  /** Run esbuild for the function (slow); off, CDK stages a stand-in asset instead. */
  bundle?: boolean;
}

const outdirs: string[] = [];

/**
 * Builds and synthesises the app the way `cdk synth` does (cdk-nag included), with `settings`
 * layered over cdk.json's context like `-c key=value` flags.
 */
export const buildRelayStack = (
  settings: Record<string, unknown> = {},
  options: BuildOptions = {},
): RelayBuild => {
  const relayApp = createTestRelayApp(settings, options);
  return { ...relayApp, template: Template.fromStack(relayApp.stack) };
};

/** The app before synthesis, for tests that add to the stack or expect synthesis to fail. */
export const createTestRelayApp = (
  settings: Record<string, unknown> = {},
  options: BuildOptions = {},
): RelayApp & { outdir: string } => {
  const outdir = mkdtempSync(join(tmpdir(), 'relay-cdk-'));
  outdirs.push(outdir);
  const context: Record<string, unknown> = {
    ...cdkJsonContext(),
    // Validation failures (cdk-nag) throw with the report instead of only setting the exit code.
    '@aws-cdk/core:appMode': 'inmemory',
    ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    ...settings,
  };
  return { ...createRelayApp({ outdir, context }), outdir };
};

/** Removes every cloud assembly built by this process. Call from afterAll. */
export const removeRelayBuilds = (): void => {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
};
