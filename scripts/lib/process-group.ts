import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

/**
 * Starts a command as the leader of its own process group. wrangler runs workerd as a child;
 * killing only the pnpm/npx/wrangler parent leaves workerd holding the port, so we always
 * signal the whole group.
 */
export function spawnGroup(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(command, args, { stdio: 'inherit', ...options, detached: true });
}

/** SIGTERM to the group, SIGKILL after `graceMs`; resolves when the leader has exited. */
export async function stopGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child.pid ?? 0, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // The leader may exit before its children: make sure nothing of the group outlives it.
  signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
