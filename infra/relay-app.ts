import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { RelayStack } from './relay-stack';
import { readRelaySettings } from './settings';

export interface RelayApp {
  app: App;
  stack: RelayStack;
}

/**
 * Builds the app exactly as `cdk synth` does: settings from context, the stack, cdk-nag's
 * AwsSolutions pack as a policy-validation plugin. Tests call this too, so they check what deploys.
 */
export const createRelayApp = (props: AppProps = {}): RelayApp => {
  const app = new App(props);
  const settings = readRelaySettings((key) => app.node.tryGetContext(key));
  const stack = new RelayStack(app, settings.stackName, { settings });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
};
