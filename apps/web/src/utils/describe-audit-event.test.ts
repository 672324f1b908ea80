import { describe, expect, it } from 'vitest';
import { describeAuditEvent } from './describe-audit-event.ts';

const names = new Map([
  ['u1', 'Olivia Owner'],
  ['u2', 'Max Member'],
]);

describe('describeAuditEvent', () => {
  it('names the people involved and says what changed', () => {
    expect(
      describeAuditEvent(
        { actor: 'u1', action: 'member.updated', target: 'u2', details: { from: 'member', to: 'admin' } },
        names,
      ),
    ).toEqual({ who: 'Olivia Owner', what: 'changed the role of Max Member from Member to Admin' });
  });

  it('names custom roles by their names, not their ids', () => {
    const roles = [{ id: 'r-9f8e', name: 'Editor' }];
    expect(
      describeAuditEvent(
        { actor: 'u1', action: 'member.updated', target: 'u2', details: { from: 'viewer', to: 'r-9f8e' } },
        names,
        roles,
      ).what,
    ).toBe('changed the role of Max Member from Viewer to Editor');
    expect(
      describeAuditEvent(
        { actor: 'u1', action: 'member.added', target: 'u2', details: { role: 'r-gone' } },
        names,
        roles,
      ).what,
    ).toBe('joined as a custom role');
  });

  it('calls someone no longer in the org a former member', () => {
    expect(describeAuditEvent({ actor: 'gone', action: 'post.deleted', target: 'p1', details: {} }, names).who).toBe(
      'a former member',
    );
  });

  it('shows an action it does not know by its code', () => {
    expect(describeAuditEvent({ actor: 'u1', action: 'webhook.created', target: 'w1', details: {} }, names).what).toBe(
      'webhook.created',
    );
    expect(describeAuditEvent({ actor: 'u1', action: 'constructor', target: 'x', details: {} }, names).what).toBe(
      'constructor',
    );
  });
});
