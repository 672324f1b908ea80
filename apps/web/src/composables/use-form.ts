import { nextTick, type Reactive, type Ref, reactive, ref, toRaw, watch } from 'vue';
import { type ApiProblem, toApiProblem } from '../api/api-problem.ts';
import { trackUnsavedInput } from './unsaved-input.ts';

export type FieldErrors<Field extends string> = Partial<Record<Field, string>>;

export interface Form<Values extends Record<string, unknown>> {
  values: Reactive<Values>;
  errors: Ref<FieldErrors<keyof Values & string>>;
  /** A message about the form as a whole (wrong password, rate limited, offline). */
  formError: Ref<string | null>;
  /** The last failure as the API sent it, for forms that react to a particular code. */
  problem: Ref<ApiProblem | null>;
  submitting: Ref<boolean>;
  submit(): Promise<boolean>;
  reset(): void;
}

export interface FormOptions<Values extends Record<string, unknown>> {
  /** Prefix of the inputs' ids (`${id}-${field}`), so the first invalid field can get focus. */
  id: string;
  /** Checks that need no server (an empty field); the API's own messages cover the rest. */
  validate?: (values: Values) => FieldErrors<keyof Values & string>;
}

/**
 * State of one form: values, the API's field errors mapped onto fields (`errors.email`), a
 * form-level message for everything else, and a guard against double submits. After a failed
 * submit the first field with an error gets focus, so keyboard and screen-reader users land on it.
 */
export function useForm<Values extends Record<string, unknown>>(
  initial: Values,
  action: (values: Values) => Promise<void>,
  options: FormOptions<Values>,
): Form<Values> {
  type Field = keyof Values & string;
  const values = reactive(structuredClone(initial));
  const errors = ref<FieldErrors<Field>>({}) as Ref<FieldErrors<Field>>;
  const formError = ref<string | null>(null);
  const submitting = ref(false);
  const problem = ref<ApiProblem | null>(null) as Ref<ApiProblem | null>;

  const isField = (path: string): path is Field => Object.hasOwn(initial, path);
  const pristine = JSON.stringify(initial);
  trackUnsavedInput(() => !submitting.value && JSON.stringify(toRaw(values)) !== pristine);

  // An error describes the value it was given for: once the person changes the field, it goes
  // (the next submit checks again). Deep, so that a list field (a role's permissions) counts too.
  for (const field of Object.keys(initial) as Field[]) {
    watch(
      () => values[field as keyof typeof values],
      () => {
        if (errors.value[field] === undefined) return;
        const { [field]: _cleared, ...rest } = errors.value;
        errors.value = rest as FieldErrors<Field>;
      },
      { deep: true, flush: 'sync' },
    );
  }
  const snapshot = (): Values => structuredClone(toRaw(values)) as Values;

  async function focusFirstError(): Promise<void> {
    await nextTick();
    const first = Object.keys(initial).find((field) => errors.value[field as Field]);
    if (first) document.getElementById(`${options.id}-${first}`)?.focus();
  }

  async function submit(): Promise<boolean> {
    if (submitting.value) return false;
    errors.value = {};
    formError.value = null;
    problem.value = null;
    const local = options.validate?.(snapshot()) ?? {};
    if (Object.keys(local).length > 0) {
      errors.value = local;
      await focusFirstError();
      return false;
    }
    submitting.value = true;
    try {
      await action(snapshot());
      return true;
    } catch (error) {
      const failure = toApiProblem(error);
      problem.value = failure;
      const mapped = new Map<Field, string>();
      let unmapped = false;
      for (const [path, message] of Object.entries(failure.fields)) {
        // `permissions.2` belongs to the `permissions` field.
        const field = path.split('.')[0] ?? '';
        if (!isField(field)) unmapped = true;
        else if (!mapped.has(field)) mapped.set(field, message);
      }
      // Sound: every key went through isField. TypeScript cannot see that for a generic key type.
      errors.value = Object.fromEntries(mapped) as FieldErrors<Field>;
      if (mapped.size === 0 || unmapped) formError.value = failure.message;
      await focusFirstError();
      return false;
    } finally {
      submitting.value = false;
    }
  }

  function reset(): void {
    Object.assign(values, structuredClone(initial));
    errors.value = {};
    formError.value = null;
  }

  return { values, errors, formError, problem, submitting, submit, reset };
}
