import { SecretValue, Validations } from 'aws-cdk-lib';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface VaultSecretProps {
  /** Name or ARN of an existing secret; without it an empty placeholder is created. */
  existing?: string;
}

/**
 * The Vault credentials secret ({vaultDns, username, password, clientId?}). Importing keeps the
 * password out of CloudFormation entirely; the placeholder holds `{}` until an operator fills it,
 * and the function then fails its cold-start config check naming the missing fields.
 */
export class VaultSecret extends Construct {
  readonly secret: ISecret;
  /** What the function passes to GetSecretValue: the name for by-name imports, else the ARN. */
  readonly secretId: string;
  readonly isPlaceholder: boolean;

  constructor(scope: Construct, id: string, props: VaultSecretProps) {
    super(scope, id);
    const existing = props.existing;
    if (existing?.startsWith('arn:')) {
      this.secret = Secret.fromSecretCompleteArn(this, 'Imported', existing);
      this.secretId = existing;
      this.isPlaceholder = false;
    } else if (existing) {
      this.secret = Secret.fromSecretNameV2(this, 'Imported', existing);
      this.secretId = existing;
      this.isPlaceholder = false;
    } else {
      const placeholder = new Secret(this, 'Placeholder', {
        description:
          'Vault credentials for the relationship relay: {"vaultDns","username","password","clientId"?}',
        // Not a credential: an empty JSON object the operator replaces with put-secret-value.
        secretStringValue: SecretValue.unsafePlainText('{}'),
      });
      Validations.of(placeholder).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Vault passwords are set and rotated in Vault by its administrators; a Secrets Manager rotation function cannot change them. The relay re-reads the secret when Vault rejects the password.',
      });
      this.secret = placeholder;
      this.secretId = placeholder.secretArn;
      this.isPlaceholder = true;
    }
  }
}
