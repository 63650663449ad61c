import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ActionGrant,
  type Incident,
  type IncidentListing,
  type IncidentRecord,
  type IncidentStore,
  listedIncident,
  type ListedIncident,
  type OpenIncident,
  type SentText,
  SUMMARY_EVENTS,
  type TextGrant,
  type TimelineEvent,
} from '../core/incident';
import type { DeliveryClaim } from '../core/base';
import { expiresAfter, KEEP_SECONDS, OPEN_INCIDENTS_INDEX } from './table';
import { TableItems } from './table-items';

/**
 * One table, single-item conditional writes only (no transactions, so dynalite behaves like AWS):
 *   INCIDENT#id / INCIDENT          the incident as reported; `openOrg` (index open-incidents)
 *                                   while it is open
 *   INCIDENT#id / EVENT#key         one timeline event; never overwritten
 *   GRANT#token / GRANT             one text's (or call's) claim (docs/delivery.md) and its link: token →
 *                                   incident, level and person; the token derives from the text
 *                                   (incident, level, person, channel), so a level's claims are
 *                                   read in one BatchGetItem
 *   IDEMPOTENCY#key / IDEMPOTENCY   a client's idempotency key → incident; expires after a day
 *   TEXT#messageId / TEXT           which incident, level and person a sent text was for
 *   OPEN / incidentId               an open incident as the board lists it: what it shows of the
 *                                   incident and its listing (one JSON string: a Query of
 *                                   thousands reads fast) and a summary of its timeline, kept up
 *                                   by append; deleted when it closes. One Query lists a stage.
 *   REPORTED#orgId / reportedAt#id  every incident of a school by when it was reported, open or
 *                                   closed: one range Query per school for the accountability ledger
 */
export class DynamoDbIncidentStore implements IncidentStore {
  private readonly table: TableItems;
  /** Levels whose board summary this container has brought up to date (the update is idempotent). */
  private readonly summarisedLevels = new Set<string>();

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new TableItems(client, tableName);
  }

  async create(incident: Incident, listing?: IncidentListing): Promise<boolean> {
    // The open-list entry first: a crash between the two leaves an entry whose incident a retry
    // stores, never an open incident missing from the board.
    await this.table.putIfAbsent(openEntry(incident, listing));
    await this.table.putIfAbsent(schoolEntry(incident));
    return this.table.putIfAbsent(incidentItem(incident));
  }

  async storeNew(incident: Incident, listing: IncidentListing, reported: Extract<TimelineEvent, { type: 'reported' }>): Promise<void> {
    // BatchWriteItem takes no conditions and none is needed: the id is a fresh random UUID. Items
    // it leaves unprocessed are sent again; a crash before they are leaves what a crash inside
    // `create` would, which the stranded sweep (core/incident/stranded.ts) handles.
    await this.table.putMany([
      openEntry(incident, listing),
      schoolEntry(incident),
      incidentItem(incident),
      { pk: incidentKey(incident.id), sk: `EVENT#${reported.key}`, event: reported },
    ]);
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

  async recordText(incidentId: string, event: Extract<TimelineEvent, { type: 'notified' }>, text: SentText, link?: { token: string; grant: TextGrant }): Promise<void> {
    // One request for all. No condition is needed (BatchWriteItem takes none): only the holder of
    // the text's claim writes these, once, and a takeover happens only when they are missing.
    await this.table.putMany([
      { pk: incidentKey(incidentId), sk: `EVENT#${event.key}`, event },
      { pk: `TEXT#${event.messageId}`, sk: 'TEXT', ...text },
      ...(link ? [{ pk: grantKey(link.token), sk: 'GRANT', ...link.grant }] : []),
    ]);
    // The board's summary needs a level once, not once per text of it.
    const level = `${incidentId}#${event.level}`;
    if (this.summarisedLevels.has(level)) return;
    this.summarisedLevels.add(level);
    await this.summarise(incidentId, event).catch((error: Error) => {
      this.summarisedLevels.delete(level);
      throw error;
    });
  }

  async textClaims(tokens: readonly string[]): Promise<Map<string, DeliveryClaim>> {
    const items = await this.table.readMany(tokens.map((token) => ({ pk: grantKey(token), sk: 'GRANT' })));
    return new Map(items.filter((item) => item.claim).map((item) => [String(item.pk).slice('GRANT#'.length), item.claim as DeliveryClaim]));
  }

  async claimText(claim: DeliveryClaim, grant: TextGrant, replacing?: DeliveryClaim): Promise<boolean> {
    return this.table.putClaim({ pk: grantKey(claim.token), sk: 'GRANT', ...grant, claim }, replacing);
  }

  async releaseText(claim: DeliveryClaim): Promise<void> {
    try {
      await this.table.documents.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: { pk: grantKey(claim.token), sk: 'GRANT' },
          UpdateExpression: 'SET #claim.leaseUntil = :now',
          ConditionExpression: '#claim.attempt = :attempt',
          ExpressionAttributeNames: { '#claim': 'claim' },
          ExpressionAttributeValues: { ':now': 0, ':attempt': claim.attempt },
        }),
      );
    } catch (error) {
      // Taken over meanwhile: nothing of ours to release.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
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

  async listReported(orgId: string, from: string, to: string): Promise<IncidentRecord[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      // `${to}#id` sorts after `to`, so an incident reported at `to` itself is left out: [from, to).
      ExpressionAttributeValues: { ':pk': `REPORTED#${orgId}`, ':from': from, ':to': to },
    });
    const records = await Promise.all(items.map((item) => this.get(String(item.incidentId))));
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

  async findGrant(token: string): Promise<ActionGrant | undefined> {
    const item = await this.table.read(grantKey(token), 'GRANT');
    return item && { incidentId: item.incidentId as string, personId: item.personId as string };
  }
}

const incidentKey = (incidentId: string) => `INCIDENT#${incidentId}`;
const incidentItem = (incident: Incident) => ({ pk: incidentKey(incident.id), sk: 'INCIDENT', incident, openOrg: incident.orgId, reportedAt: incident.reportedAt });
const openEntry = (incident: Incident, listing?: IncidentListing) => ({
  pk: OPEN,
  sk: incident.id,
  entry: JSON.stringify({ incident: listedIncident(incident), listing }),
  acknowledgedBy: {},
});
const schoolEntry = (incident: Incident) => ({ pk: `REPORTED#${incident.orgId}`, sk: `${incident.reportedAt}#${incident.id}`, incidentId: incident.id });
const grantKey = (token: string) => `GRANT#${token}`;
const OPEN = 'OPEN';
