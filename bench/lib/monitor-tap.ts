import { connect, type Socket } from 'node:net';

/** One line of Redis MONITOR output. */
export interface MonitoredCommand {
  /** `ip:port` of the client that sent it, or `lua` for a command a script ran. */
  client: string;
  /** Upper-cased command name. */
  name: string;
  /** The rest of the line (quoted arguments), for matching keys. */
  args: string;
}

const LINE = /^\+\d+\.\d+ \[\d+ ([^\]]+)\] "([^"]*)"(.*)$/;

/** The quoted arguments of a MONITOR line (escapes left as Redis wrote them). */
export function monitorArgs(args: string): string[] {
  return Array.from(args.matchAll(/"((?:[^"\\]|\\.)*)"/g), (match) => match[1] ?? '');
}

/**
 * What a command works on, without the ids: the first key of EVAL/EVALSHA (or the command's
 * first argument) reduced to its family — `pc:{u:abc}:s:xyz` → `pc:{u}:s`,
 * `pc:rl:global:3100s:198.18.0.7:123` → `pc:rl:global`. Tells which script a round trip ran.
 */
export function commandLabel(command: MonitoredCommand): string {
  const args = monitorArgs(command.args);
  const key = command.name === 'EVALSHA' || command.name === 'EVAL' ? args[2] : args[0];
  if (key === undefined) return command.name;
  const parts = key.replace(/\{([uo]):[^}]*\}/g, '{$1}').split(':');
  const family =
    parts[1] === 'rl'
      ? parts.slice(0, parts[2] === 'login-fail' ? 4 : 3)
      : parts.slice(0, parts[1]?.startsWith('{') ? 3 : 2);
  return `${command.name} ${family.join(':')}`;
}

/** Parses `+1700000000.123456 [0 127.0.0.1:5000] "EVALSHA" "abc" "1" "key"`; null for other lines. */
export function parseMonitorLine(line: string): MonitoredCommand | null {
  const match = LINE.exec(line);
  if (!match?.[1] || match[2] === undefined) return null;
  return { client: match[1], name: match[2].toUpperCase(), args: match[3] ?? '' };
}

function resp(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}

export interface MonitorTap {
  /** Stops listening and returns every command seen, in Redis's execution order. */
  stop(): Promise<MonitoredCommand[]>;
}

/**
 * Opens a raw MONITOR connection (node-redis's client would hold the connection in a special
 * mode; a socket is simpler). MONITOR sees every command Redis executes, from every client, in
 * execution order — including the commands a script runs, tagged `lua` — which is what lets the
 * bench tell a round trip (a command a client sent) from work done inside a script.
 */
export function openMonitor(redisUrl: string): Promise<MonitorTap> {
  const url = new URL(redisUrl);
  const socket: Socket = connect({ host: url.hostname || '127.0.0.1', port: Number(url.port || 6379) });
  const seen: MonitoredCommand[] = [];
  let buffer = '';
  return new Promise((resolve, reject) => {
    // MONITOR (and AUTH before it, when the URL has a password) answer +OK; then the feed starts.
    let awaitedOks = 1;
    socket.once('error', reject);
    socket.once('connect', () => {
      if (url.password) {
        awaitedOks = 2;
        const user = decodeURIComponent(url.username);
        const password = decodeURIComponent(url.password);
        socket.write(resp(user ? ['AUTH', user, password] : ['AUTH', password]));
      }
      socket.write(resp(['MONITOR']));
    });
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\r\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (awaitedOks > 0) {
          if (line.startsWith('-')) reject(new Error(`MONITOR refused: ${line}`));
          else if (line === '+OK' && --awaitedOks === 0) resolve({ stop });
          continue;
        }
        const command = parseMonitorLine(line);
        if (command) seen.push(command);
      }
    });
  });

  function stop(): Promise<MonitoredCommand[]> {
    return new Promise((resolve) => {
      socket.once('close', () => resolve(seen));
      socket.destroy();
    });
  }
}
