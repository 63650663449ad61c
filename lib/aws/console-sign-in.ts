import { Aws, Duration, Fn, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { YingjiFunction } from './function';

export interface ConsoleSignInProps {
  stageName: string;
  /** The stage's public address: Cognito sends people back to `<it>/sign-in` after signing in. */
  publicBaseUrl: string;
  /** Where the plan publisher writes who belongs to which school and bureau (functions/console-claims reads it). */
  table: dynamodb.ITable;
  /** False for a disposable (dev) stage: its users go with it. */
  keepUsers: boolean;
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
}

/**
 * Who may use the web console: a Cognito user pool of school staff and bureau duty desks, signed
 * in by phone number, password and an authenticator app, created by an administrator (nobody signs
 * themselves up). What each may see is data, not configuration: the plan publisher writes every
 * phone's schools and bureaus to the table, and a pre token generation trigger
 * (functions/console-claims) puts the signed-in phone's into `cognito:groups` — `school:<organisation
 * id>`, `bureau:<superior id>`, the names the local development sign-in derives from the same plans,
 * read by the same domain code (functions/core/plan/access.ts). No resource exists per school, so a
 * stage of 5,000 schools is the same template as a stage of one.
 *
 * API Gateway's authorizer checks the ID token on every signed-in route and passes its claims to
 * the function; the console's pages get the token through Cognito's hosted sign-in (authorization
 * code with PKCE), so no password ever reaches this stack's code. A user cannot change their own
 * phone number (the app client may not write it), since the phone is who they are on the plans.
 */
export class ConsoleSignIn extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly authorizer: apigw.CognitoUserPoolsAuthorizer;
  /** The hosted sign-in's host name, e.g. `yingji-dev-123456789012.auth.ap-northeast-1.amazoncognito.com`. */
  readonly domainName: string;
  /** Sets each user's schools and bureaus in the ID token from the published plans. */
  readonly claims: YingjiFunction;

  constructor(scope: Construct, id: string, props: ConsoleSignInProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'Users', {
      userPoolName: `yingji-${props.stageName}-console`,
      selfSignUpEnabled: false,
      signInAliases: { phone: true, username: false, email: false },
      signInCaseSensitive: false,
      // Nothing is verified by Cognito's own texts (no SMS role): an administrator creates each user
      // with the phone number the plan lists, already marked verified.
      autoVerify: { phone: false, email: false },
      enableSmsRole: false,
      standardAttributes: { phoneNumber: { required: true, mutable: true }, fullname: { required: false, mutable: true } },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      // An authenticator app, not SMS: Cognito's own texts need SNS SMS, which many regions and +86 lack.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // Staff forget passwords; an administrator resets them (no e-mail or SMS channel is assumed).
      accountRecovery: cognito.AccountRecovery.NONE,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection: props.keepUsers,
      removalPolicy: props.keepUsers ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'Essentials, not Plus: console users are a few staff per school, created by an administrator (no self sign-up), with a 12-character password and a required authenticator-app second factor; Plus bills every monthly user for threat protection, which a stage facing credential attacks can switch on.',
    });

    this.claims = new YingjiFunction(this, 'Claims', {
      entry: 'functions/console-claims/handler.ts',
      description: "Puts the schools and bureaus the published plans give a console user's phone into their ID token",
      // Cognito waits five seconds for the trigger; one or two reads take milliseconds.
      timeout: Duration.seconds(5),
      memorySize: 256,
      environment: { TABLE_NAME: props.table.tableName },
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    props.table.grantReadData(this.claims);
    this.userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, this.claims.function);

    const signIn = `${props.publicBaseUrl}/sign-in`;
    this.client = this.userPool.addClient('Console', {
      userPoolClientName: 'web-console',
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.PHONE, cognito.OAuthScope.PROFILE],
        callbackUrls: [signIn],
        logoutUrls: [signIn],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      // Only the name: the phone number says who someone is on the plans, so only an administrator
      // (AdminUpdateUserAttributes) may change it; by default a client may write every standard attribute.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    // The prefix must be unique in the region across all accounts; the account id makes it so.
    const prefix = Fn.join('-', ['yingji', props.stageName, Aws.ACCOUNT_ID]);
    this.userPool.addDomain('HostedSignIn', { cognitoDomain: { domainPrefix: prefix } });
    this.domainName = Fn.join('', [prefix, '.auth.', Aws.REGION, '.amazoncognito.com']);

    this.authorizer = new apigw.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [this.userPool],
      authorizerName: 'console-users',
      identitySource: apigw.IdentitySource.header('Authorization'),
      resultsCacheTtl: Duration.minutes(5),
    });
  }

  /** What the web console's function needs to send people to the hosted sign-in. */
  get environment(): Record<string, string> {
    return { COGNITO_DOMAIN: this.domainName, COGNITO_CLIENT_ID: this.client.userPoolClientId };
  }
}
