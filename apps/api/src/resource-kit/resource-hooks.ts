import type { ResourceDefinition, ResourceRecord } from '@portcullis/permissions/resource';
import type { CreateOutput, UpdateBody } from '@portcullis/permissions/resource-schemas';

/** Who acts and where, for a hook. */
export interface HookContext {
  orgId: string;
  userId: string;
}

/**
 * A team's own rules for a generated resource (`apps/api/src/resources/<name>.hooks.ts`). The
 * `before` hooks run after the permission and body checks and before the write: throw an
 * `ApiError` to refuse (`VALIDATION_FAILED` with `errors`, `CONFLICT`…). `afterChange` runs once
 * the change is stored and audited, for side effects; what it throws still fails the request,
 * but the change stays made.
 */
export interface ResourceHooks<D extends ResourceDefinition> {
  beforeCreate?(input: CreateOutput<D>, context: HookContext): void | Promise<void>;
  /**
   * `current` is the record as the write will find it: if another change lands between this read
   * and the write, the write is refused (409 `CONFLICT`, nothing stored or audited), so a check on
   * `current` holds. The same goes for `beforeDelete`.
   */
  beforeUpdate?(
    update: { current: ResourceRecord<D>; changes: UpdateBody<D> },
    context: HookContext,
  ): void | Promise<void>;
  beforeDelete?(current: ResourceRecord<D>, context: HookContext): void | Promise<void>;
  afterChange?(
    change: { action: 'created' | 'updated' | 'deleted'; id: string; record: ResourceRecord<D> | null },
    context: HookContext,
  ): void | Promise<void>;
}

/** Types a hooks object against its definition. */
export function defineHooks<D extends ResourceDefinition>(hooks: ResourceHooks<D>): ResourceHooks<D> {
  return hooks;
}
