import { camelName, type ResourceDefinition, recordProperty } from '@portcullis/permissions/resource';
import { apiRequest } from '../../api/api-client.ts';
import type { ApiPath, Method } from '../../api/api-routes.ts';

/** A record of any generated resource, as the list and form components handle it. */
export type AnyRecord = {
  id: string;
  authorId: string;
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
};

/**
 * The calls of a generated resource's routes, for the shared page. The paths are built from the
 * definition, so they are not the literal paths the typed client checks; each resource's routes are
 * still in the API's type (`ApiPath`), where pages written by hand reach them with full types.
 */
export function resourceApi(definition: ResourceDefinition) {
  const many = camelName(definition.name);
  const one = recordProperty(definition.label);
  const list = `/api/orgs/:orgId/${definition.name}`;
  const item = `${list}/:id`;
  // The path is one of the API's (the generator mounted it); its type is only known per resource.
  const call = <T>(method: Method, path: string, options: object): Promise<T> =>
    (apiRequest as (m: Method, p: ApiPath<Method>, o: object) => Promise<T>)(method, path as ApiPath<Method>, options);

  return {
    async list(orgId: string, cursor: string | null, signal?: AbortSignal) {
      const page = await call<Record<string, unknown>>('get', list, {
        params: { orgId },
        query: cursor ? { cursor } : {},
        signal,
      });
      return { items: (page[many] ?? []) as AnyRecord[], nextCursor: (page.nextCursor ?? null) as string | null };
    },
    async create(orgId: string, body: Record<string, unknown>): Promise<AnyRecord> {
      return (await call<Record<string, AnyRecord>>('post', list, { params: { orgId }, body }))[one] as AnyRecord;
    },
    async update(orgId: string, id: string, body: Record<string, unknown>): Promise<AnyRecord> {
      return (await call<Record<string, AnyRecord>>('patch', item, { params: { orgId, id }, body }))[one] as AnyRecord;
    },
    remove(orgId: string, id: string): Promise<void> {
      return call<void>('delete', item, { params: { orgId, id } });
    },
  };
}
