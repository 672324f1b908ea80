import type { ApiProblem } from './api-problem.ts';

/**
 * Asks the person to prove who they are again (the re-authentication dialog) and resolves true
 * once the API accepted it (`POST /api/auth/reauth` answered 204), false when they cancelled.
 */
export type StepUpPrompt = (problem: ApiProblem) => Promise<boolean>;

let prompt: StepUpPrompt | null = null;
let pending: Promise<boolean> | null = null;

/**
 * The re-authentication dialog registers itself here when it mounts; returns the unregister
 * function. Without a dialog (unit tests of other things, a page before mount) nothing is asked and
 * the call fails with its REAUTH_REQUIRED problem.
 */
export function connectStepUp(next: StepUpPrompt): () => void {
  prompt = next;
  return () => {
    if (prompt === next) prompt = null;
  };
}

/**
 * One dialog for every call that needs it: calls that hit REAUTH_REQUIRED while the dialog is
 * open wait for the same answer rather than stacking dialogs.
 */
export function stepUp(problem: ApiProblem): Promise<boolean> {
  const ask = prompt;
  if (!ask) return Promise.resolve(false);
  pending ??= ask(problem)
    .catch(() => false)
    .finally(() => {
      pending = null;
    });
  return pending;
}
