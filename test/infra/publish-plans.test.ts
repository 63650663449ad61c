import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createHandler, type PublishDependencies } from '../../functions/publish-plans/handler';
import { plansDigest, type Plan } from '../../functions/core/plan';
import { readStagePlans } from '../../lib/aws/plans';

const [huapu] = readStagePlans(['huapu-primary.yaml']);
const renamed = (plan: Plan, id: string, version: string): Plan => ({ ...plan, id, version });

/** The table as the catalog leaves it: current plans, and every version ever published. */
function fakeTable(objects: Record<string, string>) {
  const current = new Map<string, string>();
  const versions = new Set<string>();
  const members: { publication: string; groups: Map<string, readonly string[]> }[] = [];
  const deps: PublishDependencies = {
    members: {
      publish: async (publication, groups) => {
        members.push({ publication, groups: new Map(groups) });
      },
    },
    catalog: {
      list: async () => [...current.keys()].map((id) => ({ id })),
      publish: async (plan) => {
        versions.add(`${plan.id}@${plan.version}`);
        current.set(plan.id, plan.version);
      },
      withdraw: async (planId) => {
        current.delete(planId);
      },
    },
    readObject: async (bucket, key) => {
      const text = objects[`${bucket}/${key}`];
      if (text === undefined) throw new Error(`NoSuchKey ${bucket}/${key}`);
      return text;
    },
  };
  return { deps, current, versions, members };
}

const properties = (key: string, plans: Plan[]) => ({ Bucket: 'assets', Key: key, PlanCount: String(plans.length), PlansDigest: plansDigest(plans) });
const event = (type: 'Create' | 'Update' | 'Delete', key: string, plans: Plan[], oldPlans?: Plan[]) =>
  ({
    RequestType: type,
    ServiceToken: 'arn:aws:lambda:ap-southeast-1:123456789012:function:provider',
    ResponseURL: 'https://example.org/response',
    StackId: 'stack',
    RequestId: 'request',
    LogicalResourceId: 'PlansPublished',
    ResourceType: 'Custom::YingjiPlans',
    PhysicalResourceId: 'yingji-plans',
    ResourceProperties: { ServiceToken: 'token', ...properties(key, plans) },
    ...(oldPlans ? { OldResourceProperties: properties('old.json', oldPlans) } : {}),
  }) as unknown as CloudFormationCustomResourceEvent;

describe('publishing plans at deploy time', () => {
  const a1 = renamed(huapu!, 'school-a', 'v1');
  const b1 = renamed(huapu!, 'school-b', 'v1');
  const a2 = renamed(huapu!, 'school-a', 'v2');

  it("publishes the stage's plans on the first deploy", async () => {
    const table = fakeTable({ 'assets/first.json': JSON.stringify([a1, b1]) });
    const response = await createHandler(table.deps)(event('Create', 'first.json', [a1, b1]));
    expect(Object.fromEntries(table.current)).toEqual({ 'school-a': 'v1', 'school-b': 'v1' });
    expect(response.PhysicalResourceId).toBe('yingji-plans');
  });

  it('publishes a changed plan as a new version, keeps the old version, and takes a dropped plan off the list', async () => {
    const table = fakeTable({ 'assets/first.json': JSON.stringify([a1, b1]), 'assets/second.json': JSON.stringify([a2]) });
    const publish = createHandler(table.deps);
    await publish(event('Create', 'first.json', [a1, b1]));
    const response = await publish(event('Update', 'second.json', [a2], [a1, b1]));
    expect(Object.fromEntries(table.current)).toEqual({ 'school-a': 'v2' });
    expect([...table.versions].sort()).toEqual(['school-a@v1', 'school-a@v2', 'school-b@v1']);
    expect(response.Data).toEqual({ Published: '1', Withdrawn: '1' });
  });

  it('publishes who belongs to which school and bureau with the plans, a new publication for each set of plans', async () => {
    const c1 = { ...renamed(huapu!, 'school-c', 'v1'), organisation: { ...huapu!.organisation, id: 'school-c' } };
    const table = fakeTable({ 'assets/first.json': JSON.stringify([a1]), 'assets/second.json': JSON.stringify([a1, c1]) });
    const publish = createHandler(table.deps);
    await publish(event('Create', 'first.json', [a1]));
    await publish(event('Update', 'second.json', [a1, c1], [a1]));
    const [first, second] = table.members;
    expect(first!.publication).not.toBe(second!.publication);
    const principal = huapu!.people.find((person) => !person.unit)!.phone!;
    const desk = huapu!.people.find((person) => person.unit)!;
    expect(first!.groups.get(principal)).toEqual([`school:${huapu!.organisation.id}`]);
    expect(second!.groups.get(principal)).toEqual([`school:${huapu!.organisation.id}`, 'school:school-c']);
    expect(second!.groups.get(desk.phone!)).toEqual([`bureau:${desk.unit}`]);
  });

  it('fails the deploy when the asset does not hold the plans the stack names', async () => {
    const table = fakeTable({ 'assets/first.json': JSON.stringify([a1]) });
    await expect(createHandler(table.deps)(event('Create', 'first.json', [a1, b1]))).rejects.toThrow(/holds 1 plans \(digest \w+\) but the stack expects 2/);
    expect(table.versions.size).toBe(0);
  });

  it('leaves the plans in place when the stack is deleted', async () => {
    const table = fakeTable({});
    table.current.set('school-a', 'v1');
    const response = await createHandler(table.deps)(event('Delete', 'first.json', [a1]));
    expect(Object.fromEntries(table.current)).toEqual({ 'school-a': 'v1' });
    expect(response.PhysicalResourceId).toBe('yingji-plans');
  });
});
