import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { DynamoDbMembershipStore } from '../adapters/dynamodb-membership-store';
import type { MembershipStore } from '../core/plan';
import { requireEnv } from '../shared/env';

export interface ClaimsDependencies {
  members: Pick<MembershipStore, 'groupsOf'>;
}

/**
 * Cognito's pre token generation trigger (event version 1, which shapes the ID token API Gateway's
 * authorizer reads): `cognito:groups` becomes the schools and bureaus the published plans give the
 * user's phone, plus any group an administrator put the user in. Membership is data published with
 * the plans, so no Cognito group exists per school and the console's code (functions/core/plan/access.ts)
 * reads the same claim as before. An unverified phone number earns nothing from the plans.
 */
export const createHandler =
  (deps: ClaimsDependencies) =>
  async (event: PreTokenGenerationTriggerEvent): Promise<PreTokenGenerationTriggerEvent> => {
    const { phone_number: phone, phone_number_verified: verified } = event.request.userAttributes;
    const fromPlans = phone && verified === 'true' ? await deps.members.groupsOf(phone) : [];
    const assigned = event.request.groupConfiguration.groupsToOverride ?? [];
    event.response = { claimsOverrideDetails: { groupOverrideDetails: { groupsToOverride: [...new Set([...assigned, ...fromPlans])].sort() } } };
    return event;
  };

/** The one client this trigger needs, made on first use so the module imports without AWS. */
function awsDependencies(): ClaimsDependencies {
  let members: DynamoDbMembershipStore | undefined;
  return {
    get members() {
      return (members ??= new DynamoDbMembershipStore(new DynamoDBClient({}), requireEnv('TABLE_NAME')));
    },
  };
}

export const handler = createHandler(awsDependencies());
