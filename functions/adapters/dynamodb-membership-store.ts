import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { MembershipStore } from '../core/plan';
import { TableItems } from './table-items';

/**
 * Console membership in the same table, written by the plan publisher, read at every sign-in:
 *   MEMBER#e164 / GROUPS      the phone's groups and the publication they belong to
 *   MEMBERSHIP / CURRENT      which publication is current, written last
 * A phone a new publication leaves out keeps its old item, which no longer matches CURRENT and so
 * counts for nothing: no deletes, and a publish cut short leaves the previous one in force.
 */
export class DynamoDbMembershipStore implements MembershipStore {
  private readonly table: TableItems;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new TableItems(client, tableName);
  }

  async publish(publication: string, members: ReadonlyMap<string, readonly string[]>): Promise<void> {
    await this.table.putMany([...members].map(([phone, groups]) => ({ pk: memberKey(phone), sk: 'GROUPS', publication, groups: [...groups] })));
    await this.table.put({ pk: 'MEMBERSHIP', sk: 'CURRENT', publication });
  }

  async groupsOf(phone: string): Promise<string[]> {
    const [current, member] = await Promise.all([this.table.read('MEMBERSHIP', 'CURRENT'), this.table.read(memberKey(phone), 'GROUPS')]);
    if (!current || !member || member.publication !== current.publication) return [];
    return member.groups as string[];
  }
}

const memberKey = (phone: string) => `MEMBER#${phone}`;
