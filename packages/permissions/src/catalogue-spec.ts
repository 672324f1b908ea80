/**
 * The shape every permission catalogue follows (the org catalogue and the platform one), and the
 * types derived from it. Nothing here knows about a particular catalogue.
 */

/** A catalogue: resources, their actions, and which actions may be limited to owned instances. */
export type CatalogueSpec = {
  readonly [resource: string]: {
    readonly actions: readonly [string, ...string[]];
    /**
     * Actions a grant may limit to instances the caller owns, written `posts.update:own`. Only
     * actions on an existing instance make sense here: `create` has no owner to compare with.
     */
    readonly ownable?: readonly string[];
  };
};

/** Resource names of a catalogue. */
export type ResourceOf<C extends CatalogueSpec> = keyof C & string;

/** Actions of resource `R` (all actions of all resources when `R` is left out). */
export type ActionOf<C extends CatalogueSpec, R extends ResourceOf<C> = ResourceOf<C>> = C[R]['actions'][number];

/** `"resource.action"` strings of a catalogue. */
export type PermissionOf<C extends CatalogueSpec, R extends ResourceOf<C> = ResourceOf<C>> = {
  [K in R]: `${K}.${ActionOf<C, K>}`;
}[R];

/** Actions of resource `R` that a grant may scope to owned instances. */
export type OwnableActionOf<C extends CatalogueSpec, R extends ResourceOf<C> = ResourceOf<C>> = {
  [K in R]: C[K] extends { readonly ownable: readonly (infer A extends string)[] } ? A : never;
}[R];

/** Resources that have an owner, i.e. at least one ownable action. */
export type OwnedResourceOf<C extends CatalogueSpec> = {
  [K in ResourceOf<C>]: [OwnableActionOf<C, K>] extends [never] ? never : K;
}[ResourceOf<C>];

/** `"posts.update:own"`-style grants; `never` for a catalogue without owned resources. */
export type OwnGrantOf<C extends CatalogueSpec> = {
  [K in ResourceOf<C>]: `${K}.${OwnableActionOf<C, K>}:own`;
}[ResourceOf<C>];

/** Everything a role may list: `*`, `resource.*`, `resource.action`, `resource.action:own`. */
export type GrantOf<C extends CatalogueSpec> = '*' | `${ResourceOf<C>}.*` | PermissionOf<C> | OwnGrantOf<C>;

/** One action of a catalogue entry, with the grants a roles editor offers for it. */
export type CatalogueActionOf<C extends CatalogueSpec, R extends ResourceOf<C>> = {
  [A in ActionOf<C, R>]: {
    readonly action: A;
    readonly permission: `${R}.${A}`;
    /** The owner-scoped grant for this action, or `null` when the action cannot be scoped. */
    readonly ownGrant: A extends OwnableActionOf<C, R> ? `${R}.${A}:own` : null;
  };
}[ActionOf<C, R>];

/** One resource of a catalogue, as listed for a UI (checkboxes grouped by resource). */
export type CatalogueEntryOf<C extends CatalogueSpec> = {
  [R in ResourceOf<C>]: {
    readonly resource: R;
    /** Whether instances have an owner, so that some actions can be granted as `:own`. */
    readonly owned: boolean;
    /** The grant that covers every action of the resource, now and in later versions. */
    readonly wildcard: `${R}.*`;
    readonly actions: readonly CatalogueActionOf<C, R>[];
  };
}[ResourceOf<C>];

/** How far a set of grants allows a permission: everywhere, on owned instances only, or not. */
export type PermissionScope = 'all' | 'own' | null;

/** Proof of ownership for an `:own` grant: allowed only when `userId` equals `ownerId`. */
export type OwnershipContext = {
  /** The caller. */
  readonly userId: string;
  /** The owner of the instance being acted on (for posts: `authorId`). */
  readonly ownerId: string | null | undefined;
};
