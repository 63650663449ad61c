import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CaseEvent, CaseRecord, CaseStore, PetitionCase } from '../core/cases';
import type { Risk, RiskEvent, RiskRecord, RiskStore, Screening } from '../core/risks';
import type { DutyLogEntry, DutyLogStore } from '../core/duty-log';
import { TableItems } from './table-items';

/**
 * 包案 cases in the one table (risks and the duty log below), every item written once (conditionally):
 *   CASES#orgId / CASE#caseId#0            the case as opened
 *   CASES#orgId / CASE#caseId#E#key        one event (visit, change, reminder, incident, closure)
 *   CASEID#caseId / CASEID                 which organisation a case id belongs to
 * A school's cases, with their events, are one Query.
 */
export class DynamoDbCaseStore implements CaseStore {
  private readonly table: TableItems;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new TableItems(client, tableName);
  }

  async create(petitionCase: PetitionCase): Promise<boolean> {
    await this.table.putIfAbsent({ pk: `CASEID#${petitionCase.id}`, sk: 'CASEID', orgId: petitionCase.orgId });
    return this.table.putIfAbsent({ pk: `CASES#${petitionCase.orgId}`, sk: `CASE#${petitionCase.id}#0`, case: petitionCase });
  }

  async get(caseId: string): Promise<CaseRecord | undefined> {
    const pointer = await this.table.read(`CASEID#${caseId}`, 'CASEID');
    if (!pointer) return undefined;
    return groupEntities<PetitionCase, CaseEvent>(await this.query(pointer.orgId as string, `CASE#${caseId}#`), 'case').map(([entity, events]) => ({ case: entity, events }))[0];
  }

  async list(orgId: string): Promise<CaseRecord[]> {
    return groupEntities<PetitionCase, CaseEvent>(await this.query(orgId, 'CASE#'), 'case')
      .map(([entity, events]) => ({ case: entity, events }))
      .sort((a, b) => a.case.openedAt.localeCompare(b.case.openedAt));
  }

  async append(ref: Pick<PetitionCase, 'id' | 'orgId'>, event: CaseEvent): Promise<boolean> {
    return this.table.putIfAbsent({ pk: `CASES#${ref.orgId}`, sk: `CASE#${ref.id}#E#${event.key}`, event });
  }

  private query(orgId: string, prefix: string) {
    return this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `CASES#${orgId}`, ':prefix': prefix },
      ConsistentRead: true,
    });
  }
}

/**
 * Risks and daily screenings, per organisation and screening day:
 *   RISKS#orgId#date / RISK#riskId#0           a risk as reported
 *   RISKS#orgId#date / RISK#riskId#E#key       what became of it (an incident, a case)
 *   RISKS#orgId#date / SCREEN#at#personId      a unit's screening result
 *   RISKID#riskId / RISKID                     where a risk id lives
 * The day's roll-up of a school is one Query.
 */
export class DynamoDbRiskStore implements RiskStore {
  private readonly table: TableItems;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new TableItems(client, tableName);
  }

  async create(risk: Risk): Promise<boolean> {
    await this.table.putIfAbsent({ pk: `RISKID#${risk.id}`, sk: 'RISKID', orgId: risk.orgId, date: risk.date });
    return this.table.putIfAbsent({ pk: dayKey(risk.orgId, risk.date), sk: `RISK#${risk.id}#0`, risk });
  }

  async get(riskId: string): Promise<RiskRecord | undefined> {
    const pointer = await this.table.read(`RISKID#${riskId}`, 'RISKID');
    if (!pointer) return undefined;
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': dayKey(pointer.orgId as string, pointer.date as string), ':prefix': `RISK#${riskId}#` },
      ConsistentRead: true,
    });
    return groupEntities<Risk, RiskEvent>(items, 'risk').map(([risk, events]) => ({ risk, events }))[0];
  }

  async append(risk: Pick<Risk, 'id' | 'orgId' | 'date'>, event: RiskEvent): Promise<boolean> {
    return this.table.putIfAbsent({ pk: dayKey(risk.orgId, risk.date), sk: `RISK#${risk.id}#E#${event.key}`, event });
  }

  async addScreening(screening: Screening): Promise<boolean> {
    return this.table.putIfAbsent({ pk: dayKey(screening.orgId, screening.date), sk: `SCREEN#${screening.at}#${screening.unit.personId}`, screening });
  }

  async day(orgId: string, date: string): Promise<{ risks: RiskRecord[]; screenings: Screening[] }> {
    const items = await this.table.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': dayKey(orgId, date) }, ConsistentRead: true });
    return {
      risks: groupEntities<Risk, RiskEvent>(items, 'risk').map(([risk, events]) => ({ risk, events })),
      screenings: items.filter((item) => item.screening).map((item) => item.screening as Screening),
    };
  }
}

const dayKey = (orgId: string, date: string) => `RISKS#${orgId}#${date}`;

/** Items sorted by key (`X#id#0`, then its `X#id#E#…`) → each entity with its events. */
function groupEntities<E, V>(items: Record<string, unknown>[], field: string): [E, V[]][] {
  const groups: { prefix: string; entity: E; events: V[] }[] = [];
  for (const item of items) {
    const sk = item.sk as string;
    if (item[field]) groups.push({ prefix: sk.slice(0, -1), entity: item[field] as E, events: [] });
    else if (item.event && groups.at(-1) && sk.startsWith(`${groups.at(-1)!.prefix}E#`)) groups.at(-1)!.events.push(item.event as V);
  }
  return groups.map((group) => [group.entity, group.events]);
}

/**
 * The duty log, per plan and local date, each entry written once:
 *   DUTYLOG#planId#date / at#id
 */
export class DynamoDbDutyLogStore implements DutyLogStore {
  private readonly table: TableItems;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new TableItems(client, tableName);
  }

  async add(entry: DutyLogEntry): Promise<boolean> {
    return this.table.putIfAbsent({ pk: `DUTYLOG#${entry.planId}#${entry.date}`, sk: `${entry.at}#${entry.id}`, entry });
  }

  async day(planId: string, date: string): Promise<DutyLogEntry[]> {
    const items = await this.table.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `DUTYLOG#${planId}#${date}` }, ConsistentRead: true });
    return items.map((item) => item.entry as DutyLogEntry);
  }
}
