import { defineResource } from '@portcullis/permissions/resource';

/** The demo resource (CONTRACT.md "Organizations"): members write posts and edit their own. */
export default defineResource({
  name: 'posts',
  label: 'Post',
  owned: true,
  fields: {
    title: { type: 'string', min: 1, max: 200 },
    body: { type: 'text', max: 10000, optional: true },
  },
  grants: {
    member: ['read', 'create', 'update:own', 'delete:own'],
    viewer: ['read'],
  },
});
