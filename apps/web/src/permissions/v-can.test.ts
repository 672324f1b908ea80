import { mount } from '@vue/test-utils';
import { getActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, nextTick } from 'vue';
import { type TestApp, testApp } from '../testing/signed-in.ts';
import { useCan } from './use-can.ts';
import { vCan } from './v-can.ts';

let app: TestApp;

afterEach(() => {
  app?.stop();
  vi.unstubAllGlobals();
});

let renders = 0;
const Toolbar = defineComponent({
  directives: { can: vCan },
  props: { ownerId: { type: String, required: true } },
  setup() {
    return { renders: () => renders++ };
  },
  template: `
    <div>{{ renders() }}
      <button data-test="create" v-can="'posts.create'">New post</button>
      <button data-test="delete" v-can="{ permission: 'posts.delete', owner: ownerId }">Delete</button>
      <button data-test="audit" v-can="'audit.read'">Audit</button>
    </div>`,
});

function mountToolbar(ownerId: string) {
  const pinia = getActivePinia();
  if (!pinia) throw new Error('no active pinia');
  return mount(Toolbar, { props: { ownerId }, global: { plugins: [pinia] } });
}

const shown = (wrapper: ReturnType<typeof mountToolbar>, name: string) =>
  (wrapper.get(`[data-test="${name}"]`).element as HTMLElement).style.display !== 'none';

describe('v-can', () => {
  it('shows what the role allows, on the caller’s own items only where the grant says so', async () => {
    app = await testApp(); // member: posts.create, posts.delete:own
    const own = mountToolbar('user-1');
    const others = mountToolbar('user-2');

    expect(shown(own, 'create')).toBe(true);
    expect(shown(own, 'delete')).toBe(true);
    expect(shown(others, 'delete')).toBe(false);
    expect(shown(own, 'audit')).toBe(false);
  });

  it('updates when the permissions change, without the component re-rendering', async () => {
    app = await testApp();
    const wrapper = mountToolbar('user-2');
    const rendersBefore = renders;
    expect(shown(wrapper, 'audit')).toBe(false);

    app.orgStore.orgs = [{ id: 'org-1', name: 'Acme', role: 'owner' }];
    await nextTick();

    expect(renders).toBe(rendersBefore);
    expect(shown(wrapper, 'audit')).toBe(true);
    expect(shown(wrapper, 'delete')).toBe(true);
  });

  it('follows a new binding value', async () => {
    app = await testApp();
    const wrapper = mountToolbar('user-2');
    expect(shown(wrapper, 'delete')).toBe(false);
    await wrapper.setProps({ ownerId: 'user-1' });
    expect(shown(wrapper, 'delete')).toBe(true);
  });
});

describe('useCan', () => {
  it('answers in the active org, with ownership', async () => {
    app = await testApp();
    const { can, canAny, canPlatform } = useCan();
    expect(can('posts.update', 'user-1')).toBe(true);
    expect(can('posts.update', 'user-2')).toBe(false);
    expect(can('posts.update')).toBe(false);
    expect(canAny('posts.update')).toBe(true);
    expect(canAny('roles.read')).toBe(false);
    expect(canPlatform('users.read')).toBe(false);
  });
});
