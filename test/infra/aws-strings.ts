import type { Template } from 'aws-cdk-lib/assertions';
import { resourcesOf } from './support';

/**
 * The string constraints AWS documents for what the stack names and describes. CloudFormation
 * passes these strings to the service APIs unchanged, so one that breaks a rule is found at
 * deploy time and rolls the whole stack back; checked here, it is found by `npm test`.
 */
export interface StringRule {
  /** CloudFormation resource type, e.g. AWS::IAM::Role. */
  type: string;
  /** Property path; `Tags[].Key` walks an array. */
  property: string;
  min?: number;
  max?: number;
  /** The whole value must match (anchored). */
  pattern?: RegExp;
  /** Where AWS documents the rule. */
  source: string;
}

/** IAM's own character set for descriptions and policy documents: tab, LF, CR, printable ASCII and Latin-1 (no ’, no 中文). */
const IAM_TEXT = /[\t\n\r\x20-\x7E\xA1-\xFF]*/;
const IAM_NAME = /[\w+=,.@-]+/;
/** The strictest set among the services that tag here (DynamoDB allows no @): letters, digits, white space, + - = . _ : / */
const TAG_TEXT = /[\p{L}\p{N}\s+\-=._:/]*/u;

export const STRING_RULES: StringRule[] = [
  { type: 'AWS::IAM::Role', property: 'Description', max: 1000, pattern: IAM_TEXT, source: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html' },
  { type: 'AWS::IAM::Role', property: 'RoleName', min: 1, max: 64, pattern: IAM_NAME, source: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html' },
  { type: 'AWS::IAM::Policy', property: 'PolicyName', min: 1, max: 128, pattern: IAM_NAME, source: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html' },
  { type: 'AWS::IAM::Policy', property: 'PolicyDocument', pattern: IAM_TEXT, source: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html' },
  { type: 'AWS::IAM::Role', property: 'AssumeRolePolicyDocument', pattern: IAM_TEXT, source: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html' },
  { type: '*', property: 'Tags[].Key', min: 1, max: 128, pattern: TAG_TEXT, source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TaggingRestrictions.html' },
  { type: '*', property: 'Tags[].Value', max: 256, pattern: TAG_TEXT, source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TaggingRestrictions.html' },
  {
    type: 'AWS::Logs::LogGroup',
    property: 'LogGroupName',
    min: 1,
    max: 512,
    pattern: /[.\-_/#A-Za-z0-9]+/,
    source: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html',
  },
  { type: 'AWS::CloudWatch::Alarm', property: 'AlarmName', min: 1, max: 255, source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricAlarm.html' },
  { type: 'AWS::CloudWatch::Alarm', property: 'AlarmDescription', max: 1024, source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricAlarm.html' },
  {
    type: 'AWS::CloudWatch::Dashboard',
    property: 'DashboardName',
    min: 1,
    max: 255,
    pattern: /[A-Za-z0-9_-]+/,
    source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-dashboard.html',
  },
  { type: 'AWS::Scheduler::Schedule', property: 'Description', max: 512, source: 'https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html' },
  {
    type: 'AWS::Scheduler::Schedule',
    property: 'Name',
    min: 1,
    max: 64,
    pattern: /[0-9a-zA-Z\-_.]+/,
    source: 'https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html',
  },
  {
    type: 'AWS::Scheduler::ScheduleGroup',
    property: 'Name',
    min: 1,
    max: 64,
    pattern: /[0-9a-zA-Z\-_.]+/,
    source: 'https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateScheduleGroup.html',
  },
  // Logging to CloudWatch Logs (on for every Yingji state machine) narrows the name to 0-9, A-Z, a-z, - and _.
  {
    type: 'AWS::StepFunctions::StateMachine',
    property: 'StateMachineName',
    min: 1,
    max: 80,
    pattern: /[0-9A-Za-z_-]+/,
    source: 'https://docs.aws.amazon.com/step-functions/latest/apireference/API_StateMachineListItem.html',
  },
];

/**
 * A CloudFormation value as the service will see it, with every reference (`Ref`, `Fn::GetAtt`,
 * pseudo parameters) written as `X`, which fits any of the rules' character sets; a value that is
 * wholly a reference gives nothing to check.
 */
function literal(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!value || typeof value !== 'object') return undefined;
  const object = value as Record<string, unknown>;
  if ('Ref' in object || 'Fn::GetAtt' in object || 'Fn::ImportValue' in object) return undefined;
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => literal(part) ?? 'X').join(separator);
  }
  if ('Fn::Sub' in object) {
    const sub = object['Fn::Sub'];
    return (typeof sub === 'string' ? sub : String((sub as unknown[])[0])).replace(/\$\{[^}]+\}/g, 'X');
  }
  return JSON.stringify(value, (_, inner) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) && ('Ref' in inner || 'Fn::GetAtt' in inner || 'Fn::Join' in inner || 'Fn::Sub' in inner)
      ? (literal(inner) ?? 'X')
      : inner,
  );
}

function valuesAt(node: unknown, path: string[]): unknown[] {
  if (path.length === 0) return [node];
  if (!node || typeof node !== 'object') return [];
  const [head, ...rest] = path;
  if (head!.endsWith('[]')) {
    const list = (node as Record<string, unknown>)[head!.slice(0, -2)];
    return Array.isArray(list) ? list.flatMap((item) => valuesAt(item, rest)) : [];
  }
  return head! in (node as object) ? valuesAt((node as Record<string, unknown>)[head!], rest) : [];
}

/** Every string in the template that breaks a rule, as `LogicalId.Property: what is wrong (source)`. */
export function stringViolations(template: Template, rules: readonly StringRule[] = STRING_RULES): string[] {
  const problems: string[] = [];
  for (const [id, resource] of Object.entries(resourcesOf(template))) {
    for (const rule of rules) {
      if (rule.type !== '*' && rule.type !== resource.Type) continue;
      for (const value of valuesAt(resource.Properties ?? {}, rule.property.split('.'))) {
        const text = literal(value);
        if (text === undefined) continue;
        const length = [...text].length;
        const wrong: string[] = [];
        if (rule.min !== undefined && length < rule.min) wrong.push(`shorter than ${rule.min}`);
        if (rule.max !== undefined && length > rule.max) wrong.push(`${length} characters, over ${rule.max}`);
        if (rule.pattern && !new RegExp(`^(?:${rule.pattern.source})$`, rule.pattern.flags).test(text)) {
          const outside = [...new Set([...text].filter((character) => !new RegExp(`^(?:${rule.pattern!.source})$`, rule.pattern!.flags).test(character)))];
          wrong.push(`characters AWS does not accept: ${outside.map((character) => JSON.stringify(character)).join(' ')}`);
        }
        if (wrong.length > 0) problems.push(`${id}.${rule.property} (${resource.Type}): ${wrong.join('; ')} (${rule.source})`);
      }
    }
  }
  return problems;
}
