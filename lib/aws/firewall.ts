import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface ApiFirewallProps {
  /** The API Gateway stage to put the web ACL in front of. */
  stageArn: string;
  stageLabel: string;
  /** Most POSTs (reports, actions) one source address may make in five minutes. */
  postsPerFiveMinutes: number;
  /** Most requests of any kind one source address may make in five minutes (the console polls). */
  requestsPerFiveMinutes: number;
}

/**
 * A WAF web ACL in front of the API: two rate-based rules per source address, one on POSTs (a
 * flood of reports costs about ten texts each) and a looser one on everything, since a console
 * left open polls every few seconds. WAF counts over a sliding window of 300 s here and accepts
 * limits from 10 up (https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html);
 * an address over a limit gets 429 until its rate falls again. Per-phone limits live in the
 * functions, which see the phone; WAF sees only the address.
 */
export class ApiFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiFirewallProps) {
    super(scope, id);
    const name = `yingji-${props.stageLabel}-api`;
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    const rateRule = (ruleName: string, priority: number, limit: number, scopeDownStatement?: wafv2.CfnWebACL.StatementProperty): wafv2.CfnWebACL.RuleProperty => ({
      name: ruleName,
      priority,
      action: { block: { customResponse: { responseCode: 429 } } },
      statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit, evaluationWindowSec: 300, ...(scopeDownStatement && { scopeDownStatement }) } },
      visibilityConfig: visibility(`${name}-${ruleName}`),
    });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(name),
      rules: [
        rateRule('posts-per-address', 0, props.postsPerFiveMinutes, {
          byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: 'EXACTLY', searchString: 'POST', textTransformations: [{ priority: 0, type: 'NONE' }] },
        }),
        rateRule('requests-per-address', 1, props.requestsPerFiveMinutes),
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', { resourceArn: props.stageArn, webAclArn: this.webAcl.attrArn });
  }
}
