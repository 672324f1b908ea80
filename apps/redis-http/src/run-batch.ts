import type { Backend, Command, Outcome } from './backend.ts';
import { refusal } from './denied-commands.ts';
import { ReplyError } from './errors.ts';

/** Runs a batch on a backend after turning away the commands the bridge does not carry. */
export async function runBatch(
  backend: Backend,
  commands: readonly Command[],
  mode: 'pipeline' | 'multi',
): Promise<Outcome[]> {
  const refusals = commands.map(refusal);
  if (mode === 'multi') {
    // Like Redis refusing a command while queueing a MULTI: the whole transaction is discarded.
    const first = refusals.find((reason) => reason !== null);
    if (first) throw new ReplyError(`EXECABORT Transaction discarded because of previous errors: ${first}`);
    return backend.exec(commands, 'multi');
  }
  const allowed = commands.filter((_, index) => refusals[index] === null);
  const outcomes = allowed.length > 0 ? await backend.exec(allowed, 'pipeline') : [];
  let next = 0;
  return refusals.map((reason): Outcome => {
    if (reason !== null) return { error: reason };
    const outcome = outcomes[next++];
    if (!outcome) throw new Error('the backend answered fewer commands than it was sent');
    return outcome;
  });
}
