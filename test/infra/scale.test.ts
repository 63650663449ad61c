import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addStages } from '../../lib/aws/app';
import { parseDeployments } from '../../lib/aws/deployments';
import { appForTests, resourcesOf } from './support';

/**
 * A bureau of 5,000 schools is one stage: nothing in the template is made per school (plans travel
 * as one asset, console membership is data, schedules are per timetable), so the resource count
 * is the same for 3 schools as for 5,000 and stays under CloudFormation's 500 per stack
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
 * The synth of 5,000 must finish within this test's two minutes.
 */

const SCHOOLS = 5000;
let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'yingji-bureau-'));
  for (let n = 1; n <= SCHOOLS; n++) writeFileSync(join(folder, `school-${n}.yaml`), school(n));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A generated school of the same bureau: its own people and phones, the bureau's one duty desk. */
function school(n: number): string {
  const phone = (person: number) => `"+86139${String(n).padStart(5, '0')}${String(person).padStart(3, '0')}"`;
  return `id: school-${n}
name: 第${n}小学安全应急预案
language: zh-CN
timeZone: Asia/Shanghai
organisation:
  id: school-${n}
  name: 第${n}小学
  superiors:
    - { id: yinhai-education-bureau, name: 银海区教育局, kind: education-bureau }
roles:
  principal: 校长
  deputy: 副校长
  bureau-duty-desk: 区教育局值班室
people:
  - { id: principal, name: 校长${n}, phone: ${phone(1)}, roles: [principal] }
  - { id: deputy-a, name: 副校长甲${n}, phone: ${phone(2)}, roles: [deputy] }
  - { id: deputy-b, name: 副校长乙${n}, phone: ${phone(3)}, roles: [deputy] }
  - { id: bureau, name: 区教育局值班室, phone: "+8613900000009", roles: [bureau-duty-desk], unit: yinhai-education-bureau }
categories:
  - { id: fire, name: 火灾, kind: safety, chain: accident, emergencyNumber: "119" }
  - { id: petition, name: 集体上访, kind: stability, chain: stability }
chains:
  accident:
    levels:
      - { notify: [principal], within: 10m }
      - { notify: [deputy], within: 20m }
    reportToSuperior: { to: [bureau-duty-desk], within: 2h }
  stability:
    levels:
      - { notify: [principal, deputy], within: 10m }
    reportToSuperior: { to: [bureau-duty-desk], within: 1h }
`;
}

const bureauOf = (schools: number) => {
  const stages = parseDeployments(
    `stages:
  - name: prod-bureau
    region: ap-southeast-1
    plans: [${Array.from({ length: schools }, (_, index) => `school-${index + 1}.yaml`).join(', ')}]
    sms: { signature: 【银海区教育局】, monthlySpendLimitUsd: 200, china: { senderId: YINGJI, registrationId: registration-0123456789abcdef, templatesCase: "1234567890" } }
    publicBaseUrl: https://yj.example.cn
    alarmEmail: duty@example.org
`,
    'bureau deployments',
    folder,
  );
  const [stack] = addStages(appForTests(), stages, { plansDir: folder });
  return Object.values(resourcesOf(Template.fromStack(stack!)));
};

it(`synthesizes a stage of ${SCHOOLS} schools in at most 500 resources, as many as a stage of 3`, () => {
  const small = bureauOf(3);
  const large = bureauOf(SCHOOLS);
  expect(large.length).toBeLessThanOrEqual(500);
  expect(large.length).toBe(small.length);
  const types = (resources: typeof large) => resources.map((resource) => resource.Type).sort();
  expect(types(large)).toEqual(types(small));
}, 120_000);
