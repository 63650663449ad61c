import type { PlanCatalog } from '../core/plan';

/** What the web console's function needs besides the domain: its files and the stage's settings. */

/** The console's files (HTML pages, CSS, JS modules): a folder beside the code, in either wiring. */
export interface WebFiles {
  /** The file's bytes, or undefined when there is no such file. */
  read(name: string): Promise<Buffer | undefined>;
}

/** How the console signs people in: Cognito's hosted sign-in on AWS, a development sign-in locally. */
export type ConsoleSignIn = { kind: 'cognito'; domain: string; clientId: string } | { kind: 'development' };

export interface ConsoleSettings {
  /** The stage's public address: where a school's report-form QR code points. */
  publicBaseUrl: string;
  signIn: ConsoleSignIn;
  /** How often the incident board asks for news. */
  pollSeconds: number;
  /** Whether the SMS simulator page exists (the local runtime has one; a deployed stage does not). */
  smsSimulator: boolean;
}

export interface WebConsoleDependencies {
  plans: PlanCatalog;
  webFiles: WebFiles;
  console: ConsoleSettings;
}
