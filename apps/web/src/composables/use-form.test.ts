import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { ApiProblem } from '../api/api-problem.ts';
import { required } from './required.ts';
import { type Form, useForm } from './use-form.ts';

type Values = { email: string; password: string };

function withForm(action: (values: Values) => Promise<void>): { form: Form<Values>; unmount(): void } {
  let form: Form<Values> | undefined;
  const wrapper = mount(
    defineComponent({
      setup() {
        form = useForm({ email: '', password: '' }, action, {
          id: 'test',
          validate: (values) => required(values, { email: 'Enter your email address' }),
        });
        return () => h('div', [h('input', { id: 'test-email' }), h('input', { id: 'test-password' })]);
      },
    }),
    { attachTo: document.body },
  );
  if (!form) throw new Error('form not created');
  return { form, unmount: () => wrapper.unmount() };
}

describe('useForm', () => {
  it('checks required fields before calling the API', async () => {
    let calls = 0;
    const { form, unmount } = withForm(async () => {
      calls += 1;
    });
    expect(await form.submit()).toBe(false);
    expect(calls).toBe(0);
    expect(form.errors.value).toEqual({ email: 'Enter your email address' });
    expect(document.activeElement?.id).toBe('test-email');
    unmount();
  });

  it('clears a field’s error as soon as the field changes, and only that field’s', async () => {
    const { form, unmount } = withForm(async () => {
      throw new ApiProblem({
        status: 400,
        code: 'VALIDATION_FAILED',
        message: 'Some fields need attention.',
        fields: { email: 'Enter a valid email address', password: 'Use at least 8 characters' },
      });
    });
    form.values.email = 'ada';
    await form.submit();
    expect(Object.keys(form.errors.value)).toEqual(['email', 'password']);
    form.values.email = 'ada@example.com';
    expect(form.errors.value).toEqual({ password: 'Use at least 8 characters' });
    unmount();
  });

  it('puts the API’s field errors on their fields and focuses the first one', async () => {
    const { form, unmount } = withForm(async () => {
      throw new ApiProblem({
        status: 400,
        code: 'VALIDATION_FAILED',
        message: 'Some fields need attention.',
        fields: { password: 'Use at least 8 characters' },
      });
    });
    form.values.email = 'ada@example.com';
    expect(await form.submit()).toBe(false);
    expect(form.errors.value).toEqual({ password: 'Use at least 8 characters' });
    expect(form.formError.value).toBeNull();
    expect(document.activeElement?.id).toBe('test-password');
    unmount();
  });

  it('shows a problem that belongs to no field above the form', async () => {
    const { form, unmount } = withForm(async () => {
      throw new ApiProblem({ status: 401, code: 'INVALID_CREDENTIALS', message: 'Email or password is incorrect.' });
    });
    form.values.email = 'ada@example.com';
    await form.submit();
    expect(form.errors.value).toEqual({});
    expect(form.formError.value).toBe('Email or password is incorrect.');
    unmount();
  });

  it('sends the values once, however often it is submitted meanwhile', async () => {
    let calls = 0;
    let finish = () => {};
    const { form, unmount } = withForm(
      () =>
        new Promise<void>((resolve) => {
          calls += 1;
          finish = resolve;
        }),
    );
    form.values.email = 'ada@example.com';
    const first = form.submit();
    expect(await form.submit()).toBe(false);
    finish();
    expect(await first).toBe(true);
    expect(calls).toBe(1);
    unmount();
  });
});
