import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ConfirmByTyping from './ConfirmByTyping.vue';

function mountConfirm(props: { expected: string; ignoreCase?: boolean; busy?: boolean }) {
  return mount(ConfirmByTyping, {
    props: { id: 'confirm', label: 'Type it', buttonLabel: 'Delete', busy: false, ...props },
  });
}

describe('ConfirmByTyping', () => {
  it('confirms only once the expected text is typed (surrounding spaces aside)', async () => {
    const wrapper = mountConfirm({ expected: 'Acme Ltd' });
    const button = wrapper.get('button');
    await wrapper.get('input').setValue('Acme');
    await wrapper.get('form').trigger('submit');
    expect(button.attributes('disabled')).toBeDefined();
    expect(wrapper.emitted('confirm')).toBeUndefined();

    await wrapper.get('input').setValue('  Acme Ltd ');
    expect(button.attributes('disabled')).toBeUndefined();
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('confirm')).toHaveLength(1);
  });

  it('compares case-sensitively unless told to ignore case (an email address)', async () => {
    const strict = mountConfirm({ expected: 'Acme' });
    await strict.get('input').setValue('acme');
    await strict.get('form').trigger('submit');
    expect(strict.emitted('confirm')).toBeUndefined();

    const email = mountConfirm({ expected: 'ada@example.com', ignoreCase: true });
    await email.get('input').setValue('Ada@Example.com');
    await email.get('form').trigger('submit');
    expect(email.emitted('confirm')).toHaveLength(1);
  });

  it('never confirms an empty expectation (a name not loaded yet), nor while busy', async () => {
    const empty = mountConfirm({ expected: '' });
    await empty.get('form').trigger('submit');
    expect(empty.emitted('confirm')).toBeUndefined();

    const busy = mountConfirm({ expected: 'Acme', busy: true });
    await busy.get('input').setValue('Acme');
    await busy.get('form').trigger('submit');
    expect(busy.emitted('confirm')).toBeUndefined();
  });
});
