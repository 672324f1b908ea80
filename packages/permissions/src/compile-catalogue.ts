import type {
  CatalogueEntryOf,
  CatalogueSpec,
  GrantOf,
  OwnershipContext,
  PermissionOf,
  PermissionScope,
} from './catalogue-spec.ts';

/** The runtime side of a catalogue: lists, guards and the matching engine behind `can()`. */
export type CompiledCatalogue<C extends CatalogueSpec> = {
  readonly permissions: readonly PermissionOf<C>[];
  readonly grants: readonly GrantOf<C>[];
  readonly entries: readonly CatalogueEntryOf<C>[];
  isPermission(value: unknown): value is PermissionOf<C>;
  isGrant(value: unknown): value is GrantOf<C>;
  scope(grants: readonly unknown[], permission: unknown): PermissionScope;
  isSubset(inner: readonly unknown[], outer: readonly unknown[]): boolean;
  explainInvalidGrant(value: unknown): string;
  explainInvalidPermission(value: unknown): string;
};

type Rule = {
  /** Grants that allow the permission on every instance. */
  readonly all: ReadonlySet<string>;
  /** The grant that allows it on owned instances only, if the action can be scoped. */
  readonly own: string | null;
};

const SEGMENT = /^[a-z][a-z0-9-]*$/;
const SCOPE_RANK = { all: 2, own: 1 } as const;

/**
 * Checks a catalogue and builds everything the typed API needs from it.
 *
 * Matching never parses a grant: every valid grant is enumerated up front and looked up in a
 * `Set`/`Map`, so a string that is not in the catalogue (a typo, a permission removed since it
 * was stored in Redis, `"__proto__"`) can never grant anything.
 *
 * @example
 * const platform = compileCatalogue({ users: { actions: ['read', 'block'] } } as const)
 * platform.scope(['users.*'], 'users.block') // 'all'
 */
export function compileCatalogue<const C extends CatalogueSpec>(spec: C): CompiledCatalogue<C> {
  const permissions: string[] = [];
  const grants: string[] = ['*'];
  const rules = new Map<string, Rule>();
  const entries: unknown[] = [];

  for (const [resource, { actions, ownable = [] }] of Object.entries(spec)) {
    // A bad catalogue is a programmer error: fail when the module loads, not on the first request.
    if (!SEGMENT.test(resource)) throw new Error(`Invalid resource name "${resource}"`);
    for (const action of actions) {
      if (!SEGMENT.test(action)) throw new Error(`Invalid action name "${resource}.${action}"`);
    }
    if (new Set(actions).size !== actions.length) {
      throw new Error(`Duplicate action in resource "${resource}"`);
    }
    for (const action of ownable) {
      if (!actions.includes(action)) {
        throw new Error(`Ownable action "${resource}.${action}" is not an action of "${resource}"`);
      }
    }

    const wildcard = `${resource}.*`;
    grants.push(wildcard);
    const entryActions: unknown[] = [];
    for (const action of actions) {
      const permission = `${resource}.${action}`;
      const ownGrant = ownable.includes(action) ? `${permission}:own` : null;
      permissions.push(permission);
      grants.push(permission);
      if (ownGrant !== null) grants.push(ownGrant);
      rules.set(permission, { all: new Set(['*', wildcard, permission]), own: ownGrant });
      entryActions.push(Object.freeze({ action, permission, ownGrant }));
    }
    entries.push(
      Object.freeze({
        resource,
        owned: ownable.length > 0,
        wildcard,
        actions: Object.freeze(entryActions),
      }),
    );
  }

  const grantSet: ReadonlySet<string> = new Set(grants);
  const isPermission = (value: unknown): value is PermissionOf<C> => typeof value === 'string' && rules.has(value);
  const isGrant = (value: unknown): value is GrantOf<C> => typeof value === 'string' && grantSet.has(value);

  const scope = (held: readonly unknown[], permission: unknown): PermissionScope => {
    const rule = typeof permission === 'string' ? rules.get(permission) : undefined;
    // A plain string is iterable too, and `'*'` would spell a grant: accept arrays only.
    if (rule === undefined || !Array.isArray(held)) return null;
    let found: PermissionScope = null;
    for (const grant of held) {
      if (typeof grant !== 'string') continue;
      if (rule.all.has(grant)) return 'all';
      if (grant === rule.own) found = 'own';
    }
    return found;
  };

  const rank = (value: PermissionScope): number => (value === null ? 0 : SCOPE_RANK[value]);

  const isSubset = (inner: readonly unknown[], outer: readonly unknown[]): boolean =>
    permissions.every((permission) => rank(scope(inner, permission)) <= rank(scope(outer, permission)));

  const explainInvalidGrant = (value: unknown): string => {
    if (typeof value !== 'string') return 'Expected a permission string such as "posts.read"';
    const shown = quote(value);
    const own = value.endsWith(':own');
    const base = own ? value.slice(0, -':own'.length) : value;
    const dot = base.indexOf('.');
    const resource = dot === -1 ? base : base.slice(0, dot);
    const action = dot === -1 ? '' : base.slice(dot + 1);
    const entry = Object.hasOwn(spec, resource) ? spec[resource] : undefined;
    const known = Object.keys(spec).join(', ');
    if (entry === undefined) {
      return dot === -1
        ? `Unknown permission ${shown} (resources: ${known})`
        : `Unknown permission ${shown}: no resource ${quote(resource)} (known: ${known})`;
    }
    if (dot === -1) {
      return `Incomplete permission ${shown}: expected "${resource}.<action>" or "${resource}.*" (actions: ${entry.actions.join(', ')})`;
    }
    if (action !== '*' && !entry.actions.includes(action)) {
      return `Unknown permission ${shown}: ${resource} has no action ${quote(action)} (known: ${entry.actions.join(', ')})`;
    }
    if (own) {
      const ownable = entry.ownable ?? [];
      return ownable.length === 0
        ? `Invalid permission ${shown}: ${resource} has no owner, so ":own" does not apply`
        : `Invalid permission ${shown}: only ${ownable.map((a) => `${resource}.${a}`).join(', ')} can be limited to ":own"`;
    }
    return `Unknown permission ${shown}`;
  };

  const explainInvalidPermission = (value: unknown): string =>
    isGrant(value)
      ? `${quote(value)} is a grant, not a single permission such as "posts.read"`
      : explainInvalidGrant(value);

  return {
    // The lists are built from the same spec the types are derived from; these casts are the
    // one place where the runtime strings meet their template-literal types.
    permissions: Object.freeze(permissions) as readonly PermissionOf<C>[],
    grants: Object.freeze(grants) as readonly GrantOf<C>[],
    entries: Object.freeze(entries) as readonly CatalogueEntryOf<C>[],
    isPermission,
    isGrant,
    scope,
    isSubset,
    explainInvalidGrant,
    explainInvalidPermission,
  };
}

/** Whether the context proves the caller owns the instance; empty or missing ids prove nothing. */
export function isOwnedBy(context: OwnershipContext | undefined): boolean {
  return (
    context !== undefined &&
    typeof context.userId === 'string' &&
    context.userId !== '' &&
    context.userId === context.ownerId
  );
}

/** Quotes user input for an error message, escaped and cut short so it cannot flood the response. */
function quote(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}
