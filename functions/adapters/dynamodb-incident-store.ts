import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { listedIncident, SUMMARY_EVENTS, type IncidentListing, type ListedIncident, type OpenIncident } from '../core/incident';
import type { Incident, TimelineEvent } from '../core/incident';
import type { ActionGrant, IncidentRecord, IncidentStore, SentText } from '../core/incident';
import { expiresAfter, KEEP_SECONDS, OPEN_INCIDENTS_INDEX } from './table';
import { TableItems } from './table-items';

/**
 * One table, single-item conditional writes only (no transactions, so dynalite behaves like AWS):
 *   INCIDENT#id / INCIDENT          the incident as reported; `openOrg` (index open-incidents)
 *                                   while it is open
 *   INCIDENT#id / EVENT#key         one timeline event; never overwritten
 *   INCIDENT#id / GRANT#personId    the person's action-link token for this incident
 *   GRANT#token / GRANT             token → incident and person
 *   IDEMPOTENCY#key / IDEMPOTENCY   a client's idempotency key → incident; expires after a day
 *   TEXT#messageId / TEXT           which incident, level and person a sent text was for
 *   OPEN / incidentId               an open incident as the board lists it: what it shows of the
 *                                   incident and its listing (one JSON string: a Query of
 *                                   thousands reads fast) and a summary of its timeline, kept up
 *                                   by append; deleted when it closes. One Query lists a stage.
 */
export class DynamoDbIncidentStore implements IncidentStore {
  private readonly table: TableItems;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new TableItems(client, tableName);
  }

  async create(incident: Incident, listing?: IncidentListing): Promise<boolean> {
    // The open-list entry first: a crash between the two leaves an entry whose incident a retry
    // stores, never an open incident missing from the board.
    await this.table.putIfAbsent({ pk: OPEN, sk: incident.id, entry: JSON.stringify({ incident: listedIncident(incident), listing }), acknowledgedBy: {} });
    return this.table.putIfAbsent({ pk: incidentKey(incident.id), sk: 'INCIDENT', incident, openOrg: incident.orgId, reportedAt: incident.reportedAt });
  }

  async listAllOpen(): Promise<OpenIncident[]> {
    const items = await this.table.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': OPEN } });
    return items.map((item) => ({
      ...(JSON.parse(item.entry as string) as { incident: ListedIncident; listing?: IncidentListing }),
      summary: {
        levelReached: Math.max(0, ...((item.reached as Set<number> | undefined) ?? [])),
        acknowledgedBy: Object.entries((item.acknowledgedBy ?? {}) as Record<string, { name: string; at: string }>)
          .map(([personId, { name, at }]) => ({ personId, name, at }))
          .sort((a, b) => a.at.localeCompare(b.at)),
        reportedToBureau: Boolean(item.reportedToBureau),
        late: Boolean(item.late),
        unanswered: Boolean(item.unanswered),
      },
    }));
  }

  /**
   * Brings the open-list entry's summary up to date with one event. Every update is idempotent
   * (a set, a flag, a map entry), so it runs whether or not this append was the first.
   */
  private async summarise(incidentId: string, event: TimelineEvent): Promise<void> {
    if (!SUMMARY_EVENTS.has(event.type)) return;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    let update: string;
    if (event.type === 'notified') {
      if (typeof event.level !== 'number') return;
      update = 'ADD reached :level';
      values[':level'] = new Set([event.level]);
    } else if (event.type === 'acknowledged') {
      update = 'SET acknowledgedBy.#person = if_not_exists(acknowledgedBy.#person, :ack)';
      names['#person'] = event.personId;
      values[':ack'] = { name: event.name, at: event.at };
    } else {
      update = 'SET #flag = :true';
      names['#flag'] = ({ 'reported-to-bureau': 'reportedToBureau', late: 'late', unanswered: 'unanswered' } as Record<string, string>)[event.type]!;
      values[':true'] = true;
    }
    try {
      await this.table.documents.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: { pk: OPEN, sk: incidentId },
          UpdateExpression: update,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: Object.keys(names).length > 0 ? names : undefined,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      // Closed (off the list) or stored before the list existed: nothing to bring up to date.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async rememberText(messageId: string, text: SentText): Promise<void> {
    await this.table.putIfAbsent({ pk: `TEXT#${messageId}`, sk: 'TEXT', ...text });
  }

  async findText(messageId: string): Promise<SentText | undefined> {
    const item = await this.table.read(`TEXT#${messageId}`, 'TEXT');
    return item && { incidentId: item.incidentId, level: item.level, personId: item.personId, phone: item.phone };
  }

  async listOpen(orgId: string): Promise<IncidentRecord[]> {
    const open = await this.table.queryAll({
      IndexName: OPEN_INCIDENTS_INDEX.name,
      KeyConditionExpression: '#org = :org',
      ExpressionAttributeNames: { '#org': OPEN_INCIDENTS_INDEX.partitionKey },
      ExpressionAttributeValues: { ':org': orgId },
    });
    const records = await Promise.all(open.map((item) => this.get(String(item.pk).slice('INCIDENT#'.length))));
    return records.filter((record): record is IncidentRecord => record !== undefined);
  }

  async markClosed(incidentId: string): Promise<void> {
    await this.table.delete(OPEN, incidentId);
    await this.table.documents.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { pk: incidentKey(incidentId), sk: 'INCIDENT' },
        UpdateExpression: 'REMOVE #org',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#org': OPEN_INCIDENTS_INDEX.partitionKey },
      }),
    );
  }

  async get(incidentId: string): Promise<IncidentRecord | undefined> {
    let incident: Incident | undefined;
    const timeline: TimelineEvent[] = [];
    const items = await this.table.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': incidentKey(incidentId) }, ConsistentRead: true });
    for (const item of items) {
      if (item.sk === 'INCIDENT') incident = item.incident as Incident;
      else if (String(item.sk).startsWith('EVENT#')) timeline.push(item.event as TimelineEvent);
    }
    return incident && { incident, timeline };
  }

  async append(incidentId: string, event: TimelineEvent): Promise<boolean> {
    const appended = await this.table.putIfAbsent({ pk: incidentKey(incidentId), sk: `EVENT#${event.key}`, event });
    await this.summarise(incidentId, event);
    return appended;
  }

  async claimIdempotencyKey(key: string, claim: { incidentId: string; fingerprint: string }) {
    const item = { pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY', ...claim, ...expiresAfter(Date.now(), KEEP_SECONDS.idempotencyKey) };
    if (await this.table.putIfAbsent(item)) return claim;
    const stored = await this.table.read(item.pk, item.sk);
    return { incidentId: stored!.incidentId as string, fingerprint: stored!.fingerprint as string };
  }

  async findIdempotencyKey(key: string) {
    const stored = await this.table.read(`IDEMPOTENCY#${key}`, 'IDEMPOTENCY');
    return stored && { incidentId: stored.incidentId as string, fingerprint: stored.fingerprint as string };
  }

  async grantFor(incidentId: string, personId: string, proposed: string): Promise<string> {
    // The token's own item first: a token is never reused, and a crash between the two writes
    // leaves an unused token rather than a link that leads nowhere.
    if (!(await this.table.putIfAbsent({ pk: `GRANT#${proposed}`, sk: 'GRANT', incidentId, personId }))) {
      throw new Error(`action token collision for incident ${incidentId}`);
    }
    const mine = { pk: incidentKey(incidentId), sk: `GRANT#${personId}`, token: proposed };
    if (await this.table.putIfAbsent(mine)) return proposed;
    return (await this.table.read(mine.pk, mine.sk))!.token as string;
  }

  async findGrant(token: string): Promise<ActionGrant | undefined> {
    const item = await this.table.read(`GRANT#${token}`, 'GRANT');
    return item && { incidentId: item.incidentId as string, personId: item.personId as string };
  }
}

const incidentKey = (incidentId: string) => `INCIDENT#${incidentId}`;
const OPEN = 'OPEN';

