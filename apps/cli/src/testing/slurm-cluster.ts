// A one-node Slurm cluster on localhost for end-to-end tests: its own munged (key and socket in a temp
// folder), slurmctld and slurmd on free ports, all state, spool and logs in that folder, so it touches no
// system configuration and two of them never meet. Debian's packages: apt-get install -y slurm-wlm munge.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const DAEMONS = { munged: '/usr/sbin/munged', slurmctld: '/usr/sbin/slurmctld', slurmd: '/usr/sbin/slurmd' } as const;
const CLIENTS = ['sbatch', 'sinfo', 'squeue', 'scontrol', 'scancel'] as const;

export interface SlurmCluster {
  /** The environment for Slurm's commands (SLURM_CONF) on top of this process's, without inherited SLURM_* variables. */
  env: Record<string, string>;
  /** The folder that holds the configuration, state and logs; removed by stop(). */
  dir: string;
  /** Runs a Slurm command (sbatch, squeue, …) against this cluster. */
  run(cmd: string, args: string[], opts?: { cwd?: string; env?: Record<string, string> }): Promise<{ code: number; stdout: string; stderr: string }>;
  /** The daemons' logs, for a failure message. */
  logs(): string;
  /** Cancels what is left of the jobs, stops the daemons and removes the folder. */
  stop(): Promise<void>;
}

export interface JobRecord {
  jobId: string;
  arrayTaskId?: string;
  state: string;
  exitCode: string;
  reason: string;
}

/** Where each missing piece would come from, or undefined when Slurm and munge are installed. */
export function slurmMissing(): string | undefined {
  const missing = [
    ...Object.values(DAEMONS).filter((p) => !fs.existsSync(p)),
    ...CLIENTS.filter((c) => !fs.existsSync(`/usr/bin/${c}`)).map((c) => `/usr/bin/${c}`),
  ];
  return missing.length === 0
    ? undefined
    : `Slurm not found (${missing.join(', ')} missing): install Debian's packages (apt-get install -y slurm-wlm munge); .ci/run does`;
}

/** COUNT distinct ports free on 127.0.0.1 now: all are held open until each is known, then released. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

function exec(cmd: string, args: string[], opts: { cwd?: string; env: Record<string, string> }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: opts.cwd, env: opts.env, timeout: 30_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1;
      resolve({ code, stdout, stderr: err !== null && stderr === '' ? err.message : stderr });
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function tail(file: string, lines: number): string {
  if (!fs.existsSync(file)) return '(no file)';
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** The records of a job (one per array task) from `scontrol show job -o`, while slurmctld still holds them. */
export function parseJobRecords(text: string): JobRecord[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('JobId='))
    .map((line) => {
      const field = (name: string): string | undefined => new RegExp(`(?:^| )${name}=(\\S*)`).exec(line)?.[1];
      return {
        jobId: field('JobId')!,
        arrayTaskId: field('ArrayTaskId'),
        state: field('JobState') ?? '?',
        exitCode: field('ExitCode') ?? '?',
        reason: field('Reason') ?? '?',
      };
    });
}

const FINISHED = /^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|PREEMPTED|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE)/;

/**
 * Starts munged, slurmctld and slurmd (in the foreground, as this process's children) and waits until
 * `sinfo` shows the node idle. Throws, with the daemons' logs, when Slurm is missing or does not come up.
 */
export async function startSlurmCluster(opts: { timeoutMs?: number } = {}): Promise<SlurmCluster> {
  const missing = slurmMissing();
  if (missing !== undefined) throw new Error(missing);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlab-slurm-'));
  // munged wants every folder above its socket searchable; slurmd runs job scripts from the spool.
  fs.chmodSync(dir, 0o755);
  for (const sub of ['munge', 'state', 'spool', 'log']) fs.mkdirSync(path.join(dir, sub), { mode: 0o700 });
  const key = path.join(dir, 'munge', 'munge.key');
  fs.writeFileSync(key, randomBytes(1024), { mode: 0o600 });
  const socket = path.join(dir, 'munge', 'munge.socket');
  const conf = path.join(dir, 'slurm.conf');
  const [ctldPort, slurmdPort] = await freePorts(2);
  const user = os.userInfo().username;
  const cpus = os.availableParallelism();
  const memoryMiB = Math.floor(os.totalmem() / 2 ** 20);
  const log = (name: string): string => path.join(dir, 'log', name);
  fs.writeFileSync(
    conf,
    [
      'ClusterName=initlabtest',
      'SlurmctldHost=localhost(127.0.0.1)',
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      `SlurmUser=${user}`,
      `SlurmdUser=${user}`,
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${socket}`,
      `StateSaveLocation=${path.join(dir, 'state')}`,
      `SlurmdSpoolDir=${path.join(dir, 'spool')}`,
      `SlurmctldPidFile=${path.join(dir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${path.join(dir, 'slurmd.pid')}`,
      `SlurmctldLogFile=${log('slurmctld.log')}`,
      `SlurmdLogFile=${log('slurmd.log')}`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_CPU',
      'SchedulerType=sched/backfill',
      // The main scheduler may run every 0.1 s instead of 2 s: jobs here are seconds long.
      'SchedulerParameters=sched_min_interval=100000',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'JobCompType=jobcomp/none',
      'MpiDefault=none',
      'MailProg=/bin/true',
      'ReturnToService=2',
      // The node as configured, whatever the hardware's sockets and cores: no drain for a topology mismatch.
      'SlurmdParameters=config_overrides',
      `NodeName=localhost NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${memoryMiB} State=UNKNOWN`,
      'PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP',
      '',
    ].join('\n'),
  );
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(SLURM_|SBATCH_|SALLOC_|SRUN_|SQUEUE_|SINFO_)/.test(k)) env[k] = v;
  env['SLURM_CONF'] = conf;

  const children: { name: string; child: ChildProcess }[] = [];
  const daemon = (name: keyof typeof DAEMONS, args: string[]): void => {
    const out = fs.openSync(log(`${name}.out`), 'a');
    const child = spawn(DAEMONS[name], args, { env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    child.on('error', () => undefined);
    children.push({ name, child });
  };
  const logs = (): string =>
    ['munged.out', 'slurmctld.out', 'slurmctld.log', 'slurmd.out', 'slurmd.log']
      .map((f) => `--- ${f} (last 30 lines)\n${tail(log(f), 30)}`)
      .join('\n');
  const run: SlurmCluster['run'] = (cmd, args, o = {}) => exec(cmd, args, { cwd: o.cwd, env: { ...env, ...o.env } });

  const stop = async (): Promise<void> => {
    const alive = (): { name: string; child: ChildProcess }[] => children.filter((c) => c.child.exitCode === null && c.child.signalCode === null);
    if (alive().some((c) => c.name === 'slurmctld')) {
      // Jobs first, so that no slurmstepd outlives slurmd; only this cluster's jobs (its own slurmctld).
      await run('scancel', ['--user', user]);
      for (let i = 0; i < 40; i++) {
        const q = await run('squeue', ['-h', '-o', '%i']);
        if (q.code !== 0 || q.stdout.trim() === '') break;
        await sleep(250);
      }
    }
    for (const name of ['slurmd', 'slurmctld', 'munged']) {
      for (const { child } of alive().filter((c) => c.name === name)) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const done = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
        if (!done) {
          child.kill('SIGKILL');
          await exited;
        }
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const mungeArgs = ['-F', '-f', `--key-file=${key}`, `--socket=${socket}`, `--pid-file=${path.join(dir, 'munge', 'munged.pid')}`];
    daemon('munged', [...mungeArgs, `--log-file=${log('munged.log')}`, `--seed-file=${path.join(dir, 'munge', 'munged.seed')}`]);
    for (let i = 0; !fs.existsSync(socket); i++) {
      if (i > 100) throw new Error('munged did not create its socket within 10 s');
      await sleep(100);
    }
    daemon('slurmctld', ['-D', '-c', '-f', conf]);
    daemon('slurmd', ['-D', '-N', 'localhost', '-f', conf]);
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
    let last = '';
    for (;;) {
      const gone = children.find((c) => c.child.exitCode !== null || c.child.signalCode !== null);
      if (gone !== undefined) throw new Error(`${gone.name} exited (${gone.child.exitCode ?? gone.child.signalCode}) before the node was idle`);
      const s = await run('sinfo', ['-h', '-n', 'localhost', '-o', '%T']);
      last = (s.stdout + s.stderr).trim();
      if (s.code === 0 && last === 'idle') break;
      if (Date.now() > deadline) throw new Error(`the node was not idle within ${(opts.timeoutMs ?? 60_000) / 1000} s (sinfo: ${last || 'nothing'})`);
      await sleep(250);
    }
  } catch (err) {
    const text = `${(err as Error).message}\n${logs()}`;
    await stop();
    throw new Error(text, { cause: err });
  }
  return { env, dir, run, logs, stop };
}

/** Polls `scontrol show job` until every record of each job (array tasks included) has finished. */
export async function waitForJobs(cluster: SlurmCluster, jobIds: string[], timeoutMs: number): Promise<Map<string, JobRecord[]>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = new Map<string, JobRecord[]>();
    for (const id of jobIds) {
      const r = await cluster.run('scontrol', ['show', 'job', '-o', id]);
      if (r.code !== 0) throw new Error(`scontrol show job ${id}: ${r.stderr}\n${cluster.logs()}`);
      records.set(id, parseJobRecords(r.stdout));
    }
    const all = [...records.values()].flat();
    if (all.length > 0 && all.every((j) => FINISHED.test(j.state))) return records;
    if (Date.now() > deadline) {
      const states = all.map((j) => `${j.jobId}${j.arrayTaskId === undefined ? '' : `_${j.arrayTaskId}`} ${j.state} (${j.reason})`).join(', ');
      throw new Error(`jobs ${jobIds.join(', ')} did not finish within ${timeoutMs / 1000} s: ${states}\n${cluster.logs()}`);
    }
    await sleep(250);
  }
}
