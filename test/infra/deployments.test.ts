import { DeploymentsError, isDisposable } from '../../lib/aws/deployments';
import { fixtureStages, stagesFrom } from './support';

const stage = (fields: string) => `
stages:
  - name: prod-x
    region: ap-southeast-1
    plans: [huapu-primary.yaml]
    sms: { signature: 【银海区教育局】, monthlySpendLimitUsd: 10 }
    alarmEmail: duty@example.org
${fields}`;

describe('deployments.yaml', () => {
  it('reads a file of two stages in two regions, a disposable dev and a kept production stage', () => {
    const stages = fixtureStages();
    expect(stages.map((s) => s.name)).toEqual(['dev', 'prod-gx']);
    expect(new Set(stages.map((s) => s.region)).size).toBe(2);
    expect(stages.map(isDisposable)).toEqual([true, false]);
  });

  it('fills in defaults an operator may leave out', () => {
    const [parsed] = stagesFrom(stage(''));
    expect(parsed!.sms.type).toBe('Transactional');
    expect(parsed!.sms.deliverySuccessSamplingPercent).toBe(100);
    expect(parsed!.throttle).toEqual({ ratePerSecond: 50, burst: 100 });
    expect(parsed!.publicBaseUrl).toBeUndefined();
  });

  it('drops a trailing slash from the public base URL, since links are `${base}/a/{token}`', () => {
    const [parsed] = stagesFrom(stage('    publicBaseUrl: https://yingji.example.org/'));
    expect(parsed!.publicBaseUrl).toBe('https://yingji.example.org');
  });

  it.each([
    [
      'a China region, where SNS SMS is not offered',
      stage('').replace('ap-southeast-1', 'cn-north-1'),
      /stages\[0\] \(prod-x\)\.region: SNS SMS is not offered in the AWS China regions/,
    ],
    ['a plan file that does not exist', stage('').replace('huapu-primary.yaml', 'nowhere.yaml'), /plans: no file plans\/nowhere\.yaml/],
    ['an unquoted account (YAML makes it a number)', stage('    account: 012345678901'), /account: an account is a 12-digit string; quote it/],
    [
      'both a sender ID and an origination number',
      stage('').replace('monthlySpendLimitUsd: 10', 'monthlySpendLimitUsd: 10, senderId: YINGJI, originationNumber: "+12065550100"'),
      /either senderId or originationNumber/,
    ],
    ['a signature without its 【】', stage('').replace('【银海区教育局】', '银海区教育局'), /sms\.signature: a signature is 2–12 characters in 【】/],
    ['an http:// public base URL', stage('    publicBaseUrl: http://yingji.example.org'), /publicBaseUrl: a public base URL is an https:\/\/ URL/],
    [
      'a certificate from another region than the API',
      stage('    domain: { name: yj.example.cn, certificateArn: "arn:aws:acm:us-east-1:012345678901:certificate/abc-123" }'),
      /domain\.certificateArn: a regional API needs its certificate in ap-southeast-1, not us-east-1/,
    ],
    ['a WAF limit under the 10 WAF accepts', stage('    waf: { postsPerFiveMinutes: 5 }'), /waf\.postsPerFiveMinutes: WAF takes rate limits of 10 and more/],
    ['a field nobody reads (a typo)', stage('    alarmEmial: duty@example.org'), /alarmEmial/],
  ])('refuses %s, saying where', (_, text, message) => {
    expect(() => stagesFrom(text)).toThrow(DeploymentsError);
    expect(() => stagesFrom(text)).toThrow(message);
  });

  it('refuses two stages with one name, and two stages sharing an account and region (SMS settings are per account and region)', () => {
    const twice = stage('    account: "012345678901"') + stage('    account: "012345678901"').replace('stages:\n', '');
    expect(() => stagesFrom(twice)).toThrow(/stages\[1\]\.name: "prod-x" is already the name of stages\[0\]/);
    expect(() => stagesFrom(twice)).toThrow(/shares account 012345678901 and region ap-southeast-1 with prod-x/);
  });
});
