import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { PROJECT_ROOT } from '../definitions';

/**
 * The deployments file (deployments.yaml at the top level): one entry per stage, each a stack of
 * its own in its own region, with the plans it serves, how it texts and who hears its alarms.
 * Operators keep it in version control; docs/operations.md describes every field.
 */

export const DEPLOYMENTS_FILE = join(PROJECT_ROOT, 'deployments.yaml');
export const PLANS_DIR = join(PROJECT_ROOT, 'plans');

const E164 = /^\+[1-9]\d{6,14}$/;

const smsSettings = z
  .strictObject({
    /** Transactional gets the more reliable routes; every Yingji text is time-critical. */
    type: z.enum(['Transactional', 'Promotional']).default('Transactional'),
    /** Alphanumeric sender ID, where the destination country supports one (China does not). */
    senderId: z
      .string()
      .regex(/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/, 'a sender ID is 1–11 letters and digits with at least one letter')
      .optional(),
    /** A phone number or short code registered in AWS End User Messaging SMS for this region. */
    originationNumber: z.string().regex(E164, 'an origination number is in E.164 form, e.g. +12065550100').optional(),
    /** The registered 【signature】 every text starts with; required by Chinese carriers for +86. */
    signature: z
      .string()
      .regex(/^【[^【】]{2,12}】$/, 'a signature is 2–12 characters in 【】, e.g. 【银海区教育局】')
      .optional(),
    /**
     * What the stage's China registration in AWS End User Messaging SMS gave; required to text +86
     * (docs/operations.md, +86). AWS registers a sender for China only for a company registered in
     * mainland China, in about ten business days; the texts are registered as templates through a
     * support case. Every +86 text goes out with this sender ID.
     */
    china: z
      .strictObject({
        senderId: z.string().regex(/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/, 'the sender ID the China registration approved: 1–11 letters and digits with at least one letter'),
        registrationId: z.string().regex(/^registration-[A-Za-z0-9]+$/, 'the End User Messaging SMS registration id, e.g. registration-0123456789abcdef'),
        templatesCase: z.string().regex(/^[A-Za-z0-9-]{4,64}$/, 'the AWS Support case id the text templates were registered under'),
      })
      .optional(),
    /** Account-wide cap for SMS in the region; SNS stops texting when it is reached. */
    monthlySpendLimitUsd: z.number().int().positive(),
    /** Share of successful deliveries logged to CloudWatch Logs (failures are always logged). */
    deliverySuccessSamplingPercent: z.number().int().min(0).max(100).default(100),
    /**
     * End User Messaging delivers replies to the stage's number (two-way SMS): texts then offer reply
     * codes ("回1确认") and replies are handled. Not available for +86 today: there the link answers.
     */
    twoWay: z.boolean().default(false),
    /** The plan id a texted report goes to when neither its sender nor its text names a school. */
    defaultPlan: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'a plan id, e.g. huapu-primary')
      .optional(),
  })
  .refine((sms) => !(sms.senderId && sms.originationNumber), {
    message: 'give either senderId or originationNumber, not both',
  });

/**
 * Calls for texts nobody confirmed and for landlines (End User Messaging voice, SendVoiceMessage):
 * a voice-capable origination number (or pool) of the stage's region, by id or ARN, and the
 * Amazon Polly voice that reads the calls (ZHIYU: Mandarin, cmn-CN). docs/operations.md, Voice.
 */
const voiceSettings = z.strictObject({
  originationIdentity: z
    .string()
    .regex(
      /^(arn:aws[\w-]*:sms-voice:[a-z0-9-]+:\d{12}:(phone-number|pool)\/[\w-]+|(phone|pool)-[0-9a-f]{32})$/,
      'an origination identity is a phone number or pool id (phone-…, pool-…) or its ARN, so the functions may call from it and nothing else',
    ),
  voiceId: z.enum(['ZHIYU', 'JOANNA', 'MATTHEW', 'AMY', 'BRIAN']).default('ZHIYU'),
});

const stageSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,24}$/, 'a stage name is lower-case letters, digits and dashes, starting with a letter (at most 25)'),
  account: z
    .string({ error: 'an account is a 12-digit string; quote it in YAML ("012345678901")' })
    .regex(/^\d{12}$/, 'an account is 12 digits')
    .optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'a region looks like ap-southeast-1')
    .refine((region) => !region.startsWith('cn-'), {
      message: 'SNS SMS is not offered in the AWS China regions; deploy to a global region (see docs/operations.md, +86)',
    }),
  /** Plan files under plans/ this stage serves. */
  plans: z.array(z.string().regex(/^[\w.-]+\.ya?ml$/, 'a plan is a file name under plans/, e.g. huapu-primary.yaml')).min(1),
  sms: smsSettings,
  voice: voiceSettings.optional(),
  /**
   * A short name for the API (API Gateway custom domain, regional): texts must fit one SMS segment
   * with the link in it, and a raw API Gateway URL takes most of one. DNS stays with the operator.
   */
  domain: z
    .strictObject({
      name: z.string().regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, 'a domain name like yj.example.cn, lower case'),
      certificateArn: z.string().regex(/^arn:aws[\w-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/, 'an ACM certificate ARN'),
    })
    .optional(),
  /** Where people open action links: `https://<domain.name>` with a domain, else the API's own URL. */
  publicBaseUrl: z
    .url({ protocol: /^https$/, error: 'a public base URL is an https:// URL' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  alarmEmail: z.email(),
  /**
   * A WAF web ACL in front of the API with rate-based rules per source address. On unless the stage
   * is disposable (dev); `enabled: false` turns it off, `enabled: true` puts it on a dev stage too.
   */
  waf: z
    .strictObject({
      enabled: z.boolean().optional(),
      postsPerFiveMinutes: z.number().int().min(10, 'WAF takes rate limits of 10 and more').default(100),
      requestsPerFiveMinutes: z.number().int().min(10, 'WAF takes rate limits of 10 and more').default(2000),
    })
    .default({ postsPerFiveMinutes: 100, requestsPerFiveMinutes: 2000 }),
  /** Steady-state requests per second and burst the API accepts before answering 429. */
  throttle: z.strictObject({ ratePerSecond: z.number().positive(), burst: z.number().int().positive() }).default({ ratePerSecond: 50, burst: 100 }),
});

const deploymentsSchema = z.strictObject({ stages: z.array(stageSchema).min(1) });

export type StageConfig = z.infer<typeof stageSchema>;
export type SmsSettings = StageConfig['sms'];
export type VoiceSettings = NonNullable<StageConfig['voice']>;

/**
 * A `dev` stage (or `dev-<someone>`) is disposable: its table and logs go with the stack. Every
 * other stage keeps its data when the stack is deleted and cannot be deleted by accident.
 */
export const isDisposable = (stage: Pick<StageConfig, 'name'>) => stage.name === 'dev' || stage.name.startsWith('dev-');

/** Whether the stage's API sits behind a WAF web ACL: by default every stage but a disposable one. */
export const isFirewalled = (stage: Pick<StageConfig, 'name' | 'waf'>) => stage.waf.enabled ?? !isDisposable(stage);

export class DeploymentsError extends Error {
  override name = 'DeploymentsError';
}

/** Reads and checks a deployments file; every problem is reported with its place in the file. */
export function parseDeployments(text: string, source: string, plansDir = PLANS_DIR): StageConfig[] {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new DeploymentsError(`${source}: not valid YAML: ${(error as Error).message}`);
  }
  const result = deploymentsSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${placeOf(data, issue.path)}: ${issue.message}`);
    throw new DeploymentsError(`${source} has ${problems.length} problem(s):\n${problems.join('\n')}`);
  }
  const { stages } = result.data;
  const problems: string[] = [];
  const seen = new Map<string, number>();
  stages.forEach((stage, index) => {
    if (seen.has(stage.name)) problems.push(`  stages[${index}].name: "${stage.name}" is already the name of stages[${seen.get(stage.name)}]`);
    seen.set(stage.name, index);
    for (const file of stage.plans) {
      if (!existsSync(join(plansDir, file))) problems.push(`  stages[${index}] (${stage.name}).plans: no file ${relative(PROJECT_ROOT, join(plansDir, file))}`);
    }
    if (new Set(stage.plans).size !== stage.plans.length) problems.push(`  stages[${index}] (${stage.name}).plans: a plan is listed twice`);
    const certificateRegion = stage.domain?.certificateArn.split(':')[3];
    if (certificateRegion && certificateRegion !== stage.region) {
      problems.push(`  stages[${index}] (${stage.name}).domain.certificateArn: a regional API needs its certificate in ${stage.region}, not ${certificateRegion}`);
    }
  });
  // SMS preferences are per account and region: two stages there would overwrite each other's.
  for (const [index, stage] of stages.entries()) {
    const other = stages.findIndex((candidate, at) => at < index && candidate.account && candidate.account === stage.account && candidate.region === stage.region);
    if (other >= 0) {
      problems.push(
        `  stages[${index}] (${stage.name}): shares account ${stage.account} and region ${stage.region} with ${stages[other]!.name}; SMS preferences and the spend limit are per account and region`,
      );
    }
  }
  if (problems.length > 0) throw new DeploymentsError(`${source} has ${problems.length} problem(s):\n${problems.join('\n')}`);
  return stages;
}

export function loadDeployments(file = DEPLOYMENTS_FILE, plansDir = PLANS_DIR): StageConfig[] {
  return parseDeployments(readFileSync(file, 'utf8'), relative(process.cwd(), file) || file, plansDir);
}

/** `stages[1].sms.signature` with the stage's name where there is one: `stages[1] (prod-gx).sms.signature`. */
function placeOf(data: unknown, path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  let place = '';
  let node: unknown = data;
  for (const key of path) {
    place += typeof key === 'number' ? `[${key}]` : place ? `.${String(key)}` : String(key);
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    const name = node && typeof node === 'object' && 'name' in node && typeof node.name === 'string' ? node.name : undefined;
    if (typeof key === 'number' && name && path[0] === 'stages' && place === `stages[${key}]`) place += ` (${name})`;
  }
  return place;
}
