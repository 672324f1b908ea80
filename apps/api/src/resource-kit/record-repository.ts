import { kebabLabel, type ResourceDefinition, type ResourceRecord } from '@portcullis/permissions/resource';
import type { CreateOutput, UpdateBody } from '@portcullis/permissions/resource-schemas';
import { base64url } from 'jose';
import type { Config } from '../config/config.ts';
import { randomId } from '../ids.ts';
import { keyTemplate } from '../keys/key-template.ts';
import { keys } from '../keys/keys.ts';
import { type Actor, orgChange } from '../orgs/actor.ts';
import { text } from '../store/reply.ts';
import type { RedisArg, Reply, Store } from '../store/store.ts';
import { hashReply } from '../users/user.ts';
import { createRecordScript, deleteRecordScript, listRecordsScript, updateRecordScript } from './record-scripts.ts';

/**
 * The CRUD repository every generated resource shares: records in the org's hash slot, lists
 * newest first by cursor, an author index for `read:own`, audit in the script of each change.
 */

/** A record's entry in the indexes: sorts by creation time as text, unique by id. */
const indexEntry = (createdAt: number, id: string) => `${String(createdAt).padStart(15, '0')}:${id}`;
const INDEX_ENTRY = /^\d{15}:[A-Za-z0-9_-]{22}$/;

/** Cursors are the last index entry of a page, base64url so that clients treat them as opaque. */
export function encodeCursor(entry: string): string {
  return base64url.encode(entry);
}

/** The index entry of a cursor from `encodeCursor`, or null for anything else. */
export function decodeCursor(cursor: string): string | null {
  try {
    const entry = new TextDecoder().decode(base64url.decode(cursor));
    return INDEX_ENTRY.test(entry) ? entry : null;
  } catch {
    return null;
  }
}

/** The keys the org-delete script needs to remove a resource's records (orgs/org-scripts.ts). */
export function resourceKeys(orgId: string, resource: string): string[] {
  const record = keyTemplate('record', (id) => keys.orgRecord(orgId, resource, id));
  const byAuthor = keyTemplate('by', (id) => keys.orgRecordsBy(orgId, resource, id));
  return [
    keys.orgRecords(orgId, resource),
    record.recordPrefix,
    record.recordSuffix,
    byAuthor.byPrefix,
    byAuthor.bySuffix,
  ];
}

/** A field's value as stored: text, `1`/`0` for booleans; `null` is not stored (the field is absent). */
const stored = (value: unknown): string => (typeof value === 'boolean' ? (value ? '1' : '0') : String(value));

/** Reads a record hash back into the API's shape; null when it is not one. */
function toRecord<D extends ResourceDefinition>(definition: D, reply: Reply): ResourceRecord<D> | null {
  const hash = hashReply(reply);
  if (!hash?.id || hash.authorId === undefined || !hash.createdAt || !hash.updatedAt) return null;
  const record: Record<string, unknown> = { id: hash.id };
  for (const [key, field] of Object.entries(definition.fields)) {
    const raw = hash[key];
    // A field added to the definition after the record was written reads as its default, or null.
    if (raw === undefined) record[key] = 'default' in field ? field.default : null;
    else if (field.type === 'integer') record[key] = Number(raw);
    else if (field.type === 'boolean') record[key] = raw === '1';
    else record[key] = raw;
  }
  record.authorId = hash.authorId;
  record.createdAt = new Date(Number(hash.createdAt)).toISOString();
  record.updatedAt = new Date(Number(hash.updatedAt)).toISOString();
  return record as ResourceRecord<D>;
}

/** Audit action of a change: `<label in kebab-case>.created|updated|deleted`. */
const auditAction = (definition: ResourceDefinition, change: 'created' | 'updated' | 'deleted') =>
  `${kebabLabel(definition.label)}.${change}`;

/** `changed`: the record is no longer at the version a before-hook checked. */
export type ChangeRefusal = 'stale' | 'missing' | 'not-own' | 'changed';

/** A record with its edit count (`_v`, never in an answer), as a before-hook checks it. */
export interface Versioned<R> {
  record: R;
  version: string;
}

/** The repository of one resource. */
export function recordRepository<D extends ResourceDefinition>(definition: D, store: Store, config: Config) {
  const name = definition.name;
  const orgArgs = (actor: Actor, orgId: string) => orgChange(actor, orgId, config.ORG_AUDIT_MAX_EVENTS);

  /** The record and its version, to pass as `expected` to a change checked on that record. */
  async function getVersioned(orgId: string, id: string): Promise<Versioned<ResourceRecord<D>> | null> {
    const reply = await store.send(['HGETALL', keys.orgRecord(orgId, name, id)]);
    const record = toRecord(definition, reply);
    // An edit count of 0 is not stored: records from before `_v` read as unedited.
    return record ? { record, version: hashReply(reply)?._v ?? '0' } : null;
  }

  return {
    async get(orgId: string, id: string): Promise<ResourceRecord<D> | null> {
      return (await getVersioned(orgId, id))?.record ?? null;
    },

    getVersioned,

    /** A page, newest first: all of the org's records, or one author's (`read:own`). */
    async list(
      orgId: string,
      input: { authorId: string | null; after: string | null; limit: number },
    ): Promise<{ records: ResourceRecord<D>[]; next: string | null }> {
      const rows = await listRecordsScript.run(store, {
        index: input.authorId ? keys.orgRecordsBy(orgId, name, input.authorId) : keys.orgRecords(orgId, name),
        ...keyTemplate('record', (id) => keys.orgRecord(orgId, name, id)),
        start: input.after ? `(${input.after}` : '+',
        count: input.limit + 1,
      });
      const page = rows.slice(0, input.limit);
      const last = page.at(-1);
      return {
        records: page.flatMap((row) => {
          const record = Array.isArray(row) ? toRecord(definition, row.slice(1)) : null;
          return record ? [record] : [];
        }),
        next: rows.length > input.limit && Array.isArray(last) ? text(last[0]) : null,
      };
    },

    async create(
      actor: Actor,
      orgId: string,
      input: CreateOutput<D>,
    ): Promise<{ status: 'ok'; record: ResourceRecord<D> } | { status: 'stale' }> {
      const id = randomId();
      const values: Record<string, unknown> = input;
      const fields = Object.entries(values).flatMap(([key, value]): RedisArg[] =>
        value === null || value === undefined ? [] : [key, stored(value)],
      );
      const result = await createRecordScript.run(store, {
        ...orgArgs(actor, orgId),
        index: keys.orgRecords(orgId, name),
        authorIndex: keys.orgRecordsBy(orgId, name, actor.userId),
        record: keys.orgRecord(orgId, name, id),
        id,
        ix: indexEntry(actor.now, id),
        action: auditAction(definition, 'created'),
        fields,
      });
      if (result.status === 'stale') return result;
      const at = new Date(actor.now).toISOString();
      const record = { id, ...values, authorId: actor.userId, createdAt: at, updatedAt: at };
      return { status: 'ok', record: record as unknown as ResourceRecord<D> };
    },

    /**
     * `ownOnly`: the actor's grant covers only their own records; the script checks the author.
     * `expected`: a version from `getVersioned`; the change applies only while the record is at it.
     */
    async update(
      actor: Actor,
      input: { orgId: string; id: string; ownOnly: boolean; expected?: string | undefined; changes: UpdateBody<D> },
    ): Promise<{ status: 'ok'; record: ResourceRecord<D> } | { status: ChangeRefusal }> {
      const entries = Object.entries(input.changes as Record<string, unknown>).filter(([, v]) => v !== undefined);
      const result = await updateRecordScript.run(store, {
        ...orgArgs(actor, input.orgId),
        record: keys.orgRecord(input.orgId, name, input.id),
        id: input.id,
        ownOnly: input.ownOnly ? '1' : '0',
        expected: input.expected ?? '',
        cleared: entries.flatMap(([key, value]) => (value === null ? [key] : [])).join(' '),
        action: auditAction(definition, 'updated'),
        changes: entries.flatMap(([key, value]): RedisArg[] => (value === null ? [] : [key, stored(value)])),
      });
      if (result.status !== 'ok') return result;
      const record = toRecord(definition, result.record);
      if (!record) throw new Error(`${name}: unreadable record after update`);
      return { status: 'ok', record };
    },

    async delete(
      actor: Actor,
      input: { orgId: string; id: string; ownOnly: boolean; expected?: string | undefined },
    ): Promise<'ok' | ChangeRefusal> {
      const { status } = await deleteRecordScript.run(store, {
        ...orgArgs(actor, input.orgId),
        index: keys.orgRecords(input.orgId, name),
        record: keys.orgRecord(input.orgId, name, input.id),
        id: input.id,
        ownOnly: input.ownOnly ? '1' : '0',
        expected: input.expected ?? '',
        action: auditAction(definition, 'deleted'),
        ...keyTemplate('authorIndex', (userId) => keys.orgRecordsBy(input.orgId, name, userId)),
      });
      return status;
    },
  };
}
