import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { DynamoDbMembershipStore } from '../../../functions/adapters/dynamodb-membership-store';
import { createHandler } from '../../../functions/console-claims/handler';
import { callerFromClaims, membershipsOf, plansVisibleTo } from '../../../functions/core/plan';
import type { LocalDynamoDb } from '../../../lib/local/dynamodb';
import { seedPlan } from '../../support/plans';
import { scratchDynamoDb } from '../../support/dynamodb';

/**
 * Console membership as data: the plan publisher writes each phone's schools and bureaus to the
 * table, and Cognito's pre token generation trigger reads one phone's at sign-in and puts them in
 * `cognito:groups` — on dynalite, with the seed plans.
 */

let db: LocalDynamoDb;
let members: DynamoDbMembershipStore;
beforeAll(async () => {
  db = await scratchDynamoDb('yingji-members-');
  members = new DynamoDbMembershipStore(db.client, db.tableName);
});
afterAll(() => db.stop());

const huapu = seedPlan('huapu-primary.yaml');
const zihe = seedPlan('zihe-middle.yaml');
const principal = huapu.people.find((person) => !person.unit)!;
const desk = huapu.people.find((person) => person.unit)!;

/** A version 1 event as Cognito sends it at sign-in (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html). */
const signIn = (attributes: Record<string, string>, assigned: string[] = []) =>
  ({
    version: '1',
    triggerSource: 'TokenGeneration_HostedAuth',
    region: 'ap-southeast-1',
    userPoolId: 'ap-southeast-1_pool',
    userName: 'someone',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client' },
    request: { userAttributes: { sub: 'sub-1', ...attributes }, groupConfiguration: { groupsToOverride: assigned, iamRolesToOverride: [], preferredRole: undefined } },
    response: { claimsOverrideDetails: null },
  }) as unknown as PreTokenGenerationTriggerEvent;

const groupsAfter = async (event: PreTokenGenerationTriggerEvent) =>
  (await createHandler({ members })(event)).response.claimsOverrideDetails!.groupOverrideDetails!.groupsToOverride!;

test("a school's staff get their school, a bureau's desk its bureau, and the console sees what the plans say", async () => {
  await members.publish('one', membershipsOf([huapu, zihe]));
  const staff = await groupsAfter(signIn({ phone_number: principal.phone!, phone_number_verified: 'true' }));
  expect(staff).toEqual([`school:${huapu.organisation.id}`]);
  const bureau = await groupsAfter(signIn({ phone_number: desk.phone!, phone_number_verified: 'true' }));
  expect(bureau).toEqual([`bureau:${desk.unit}`]);
  // The claim as API Gateway's authorizer passes it on: a comma-separated string.
  const caller = callerFromClaims({ sub: 'sub-1', phone_number: desk.phone!, 'cognito:groups': bureau.join(',') });
  expect(plansVisibleTo(caller, [huapu, zihe]).map((plan) => plan.id)).toContain(huapu.id);
});

test('a phone no plan lists, or an unverified one, gets only the groups an administrator gave it', async () => {
  await members.publish('two', membershipsOf([huapu]));
  expect(await groupsAfter(signIn({ phone_number: '+8613800009999', phone_number_verified: 'true' }))).toEqual([]);
  expect(await groupsAfter(signIn({ phone_number: principal.phone!, phone_number_verified: 'false' }, ['bureau:inspection']))).toEqual(['bureau:inspection']);
  expect(await groupsAfter(signIn({ phone_number: principal.phone!, phone_number_verified: 'true' }, ['bureau:inspection']))).toEqual([
    'bureau:inspection',
    `school:${huapu.organisation.id}`,
  ]);
});

test('a new publication replaces the old: someone taken off every plan loses the school at the next sign-in', async () => {
  const leaver = zihe.people.find((person) => !person.unit && !huapu.people.some((other) => other.phone === person.phone))!;
  await members.publish('three', membershipsOf([huapu, zihe]));
  expect(await groupsAfter(signIn({ phone_number: leaver.phone!, phone_number_verified: 'true' }))).toEqual([`school:${zihe.organisation.id}`]);
  await members.publish('four', membershipsOf([huapu]));
  expect(await groupsAfter(signIn({ phone_number: leaver.phone!, phone_number_verified: 'true' }))).toEqual([]);
});

test('publishes more members than one batch write takes', async () => {
  const many = new Map(Array.from({ length: 60 }, (_, index) => [`+86139000${String(index).padStart(5, '0')}`, [`school:s${index}`]]));
  await members.publish('five', many);
  expect(await members.groupsOf('+8613900000059')).toEqual(['school:s59']);
  expect(await members.groupsOf('+8613900000000')).toEqual(['school:s0']);
});
