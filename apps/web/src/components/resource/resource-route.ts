import type { Permission } from '@portcullis/permissions';
import { camelName, type ResourceDefinition } from '@portcullis/permissions/resource';
import type { Component } from 'vue';
import type { RouteRecordRaw } from 'vue-router';

/** A generated resource's page: its route under `/orgs/:orgId` and its nav entry. */
export interface ResourceRoute {
  /** A child of `/orgs/:orgId`, guarded by `<name>.read` in its meta. */
  record: RouteRecordRaw;
  nav: { label: string; permission: Permission; path: (orgId: string) => string };
}

/** `invoices` → `Invoices`, `time-entries` → `Time entries`: the nav label and page title. */
export const pluralTitle = (name: string): string => {
  const words = name.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * The route record and nav entry of a generated resource (`apps/web/src/resources/<name>.ts`).
 *
 * @example
 * export const invoicesRoute = resourceRoute(invoices, () => import('./InvoicesPage.vue'));
 */
export function resourceRoute(definition: ResourceDefinition, page: () => Promise<Component>): ResourceRoute {
  // The generator wrote the catalogue entry from the same definition.
  const permission = `${definition.name}.read` as Permission;
  const title = pluralTitle(definition.name);
  return {
    record: { path: definition.name, name: camelName(definition.name), component: page, meta: { permission, title } },
    nav: { label: title, permission, path: (orgId) => `/orgs/${orgId}/${definition.name}` },
  };
}
