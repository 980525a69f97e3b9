// The Kubernetes recipe, checked without a cluster: each document of deploy/kubernetes/*.yaml is valid against
// the Kubernetes JSON schema of its kind (kubernetes-models: Ajv validators compiled from the Kubernetes
// OpenAPI schema) and has no field its kind does not know (that schema allows unknown fields, which a cluster
// would drop or refuse: TypeScript's excess property check against the same package's types finds them), the
// Indexed Job's shard count is its `completions`, each pod writes its own shard folder on the volume the
// merge job reads, and the grid it ships is one that initlab accepts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { afterAll, describe, expect, it } from 'vitest';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { runCli } from './testing/run-cli.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../deploy/kubernetes');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'initlab-k8s-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

type Doc = { apiVersion?: string; kind?: string; metadata?: { name?: string } } & Record<string, unknown>;
const docs = (file: string): Doc[] =>
  parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map((d) => {
    expect(d.errors, file).toEqual([]);
    return d.toJS() as Doc;
  });
const models = { 'batch/v1 Job': Job, 'v1 ConfigMap': ConfigMap, 'v1 PersistentVolumeClaim': PersistentVolumeClaim } as const;
/** kubernetes-models' interface of each kind, for the excess property check. */
const types: Record<keyof typeof models, [string, string]> = {
  'batch/v1 Job': ['IJob', 'kubernetes-models/batch/v1/Job'],
  'v1 ConfigMap': ['IConfigMap', 'kubernetes-models/v1/ConfigMap'],
  'v1 PersistentVolumeClaim': ['IPersistentVolumeClaim', 'kubernetes-models/v1/PersistentVolumeClaim'],
};

/**
 * The fields of DOCS that their kinds do not have: each document is assigned, as an object literal, to a
 * constant of its kind's type in one in-memory TypeScript file (beside this one, so that it resolves this
 * package's kubernetes-models), whose diagnostics are then every excess property (and any wrong type).
 */
function unknownFields(docs: Doc[]): string[] {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '__manifests__.ts');
  const lines: string[] = [];
  docs.forEach((doc, i) => {
    const [name, from] = types[`${doc.apiVersion} ${doc.kind}` as keyof typeof models];
    lines.push(`import type { ${name} as T${i} } from '${from}';`, `export const doc${i}: T${i} = ${JSON.stringify(doc)};`);
  });
  const text = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, skipLibCheck: true, types: [], lib: ['lib.es2022.d.ts'],
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const host = ts.createCompilerHost(options);
  const [getSourceFile, fileExists, readFile] = [host.getSourceFile.bind(host), host.fileExists.bind(host), host.readFile.bind(host)];
  host.getSourceFile = (name, language, ...rest) => (name === file ? ts.createSourceFile(name, text, language) : getSourceFile(name, language, ...rest));
  host.fileExists = (name) => name === file || fileExists(name);
  host.readFile = (name) => (name === file ? text : readFile(name));
  return ts.getPreEmitDiagnostics(ts.createProgram([file], options, host)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}
const byKind = (all: Doc[], kind: string): Doc => {
  const found = all.filter((d) => d.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0]!;
};

interface Container {
  command: string[];
  env?: { name: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  volumeMounts: { name: string; mountPath: string }[];
}
interface JobSpec {
  completionMode?: string;
  completions?: number;
  parallelism?: number;
  template: { spec: { restartPolicy: string; containers: Container[]; volumes: { name: string; persistentVolumeClaim?: { claimName: string }; configMap?: { name: string } }[] } };
}
const specOf = (job: Doc): JobSpec => job['spec'] as JobSpec;
/** The claim mounted at MOUNT in the job's only container. */
function claimAt(job: Doc, mount: string): string | undefined {
  const pod = specOf(job).template.spec;
  const volume = pod.containers[0]!.volumeMounts.find((m) => m.mountPath === mount)?.name;
  return pod.volumes.find((v) => v.name === volume)?.persistentVolumeClaim?.claimName;
}

describe('kubernetes recipe', () => {
  const files = ['sweep-indexed-job.yaml', 'merge-job.yaml'];

  it.each(files)('%s: every document is valid against the Kubernetes schema of its kind', (file) => {
    for (const doc of docs(file)) {
      const Model = models[`${doc.apiVersion} ${doc.kind}` as keyof typeof models];
      expect(Model, `${file}: ${doc.apiVersion} ${doc.kind} (${doc.metadata?.name})`).toBeDefined();
      expect(() => new Model(doc as never).validate(), `${file}: ${doc.kind} ${doc.metadata?.name}`).not.toThrow();
    }
  });

  it('no document has a field its kind does not know (a typo the schema lets through)', () => {
    const all = files.flatMap(docs);
    expect(unknownFields(all)).toEqual([]);
    const typo = structuredClone(byKind(docs('sweep-indexed-job.yaml'), 'Job'));
    const container = specOf(typo).template.spec.containers[0] as unknown as Record<string, unknown>;
    container['comand'] = container['command'];
    delete container['command'];
    expect(() => new Job(typo as never).validate()).not.toThrow();
    expect(unknownFields([typo])).toEqual([expect.stringMatching(/Object literal may only specify known properties, and '"comand"' does not exist in type 'IContainer'/)]);
  }, 60_000);

  it('the schema check is real: a wrong completionMode or a string count is refused', () => {
    const job = structuredClone(byKind(docs('sweep-indexed-job.yaml'), 'Job'));
    (job['spec'] as Record<string, unknown>)['completionMode'] = 'indexed';
    expect(() => new Job(job as never).validate()).toThrow(/completionMode must be equal to one of the allowed values/);
    (job['spec'] as Record<string, unknown>)['completionMode'] = 'Indexed';
    (job['spec'] as Record<string, unknown>)['completions'] = '4';
    expect(() => new Job(job as never).validate()).toThrow(/completions must be integer/);
  });

  it('the Indexed Job runs shard $(JOB_COMPLETION_INDEX) of `completions` into its own folder on the merge job\'s volume', () => {
    const all = docs('sweep-indexed-job.yaml');
    const job = byKind(all, 'Job');
    const spec = specOf(job);
    expect(spec.completionMode).toBe('Indexed');
    expect(spec.parallelism).toBeGreaterThanOrEqual(1);
    expect(spec.parallelism).toBeLessThanOrEqual(spec.completions!);
    const [container] = spec.template.spec.containers;
    const command = container!.command;
    expect(command.slice(0, 5)).toEqual(['npx', '--yes', '--package=@initlab/cli', 'initlab', 'sweep']);
    const shard = command[command.indexOf('--shard') + 1];
    expect(shard).toMatch(/^\$\(JOB_COMPLETION_INDEX\)\/\d+$/);
    expect(Number(shard!.split('/')[1])).toBe(spec.completions);
    expect(command[command.indexOf('--out') + 1]).toBe('/results/shard-$(JOB_COMPLETION_INDEX)');
    expect(command).toContain('--yes');
    // $(VAR) in a command expands only from the container's environment: the index must be declared there.
    expect(container!.env?.find((e) => e.name === 'JOB_COMPLETION_INDEX')?.valueFrom?.fieldRef?.fieldPath).toBe("metadata.annotations['batch.kubernetes.io/job-completion-index']");

    const claim = byKind(all, 'PersistentVolumeClaim');
    expect(claimAt(job, '/results')).toBe(claim.metadata?.name);
    expect((claim['spec'] as { accessModes: string[] }).accessModes).toContain('ReadWriteMany');
    const merge = byKind(docs('merge-job.yaml'), 'Job');
    expect(claimAt(merge, '/results')).toBe(claim.metadata?.name);
    expect(specOf(merge).template.spec.containers[0]!.command.join(' ')).toContain('initlab merge /results/shard-* --out /results/merged');
    const grid = byKind(all, 'ConfigMap');
    expect(spec.template.spec.volumes.find((v) => v.configMap !== undefined)?.configMap?.name).toBe(grid.metadata?.name);
    expect(Object.keys(grid['data'] as object)).toContain(command[5]);
  });

  it('the grid it ships is a sweep initlab accepts, in shards of `completions`', async () => {
    const all = docs('sweep-indexed-job.yaml');
    const spec = specOf(byKind(all, 'Job'));
    const grid = path.join(tmp, 'grid.yaml');
    fs.writeFileSync(grid, (byKind(all, 'ConfigMap')['data'] as Record<string, string>)['grid.yaml']!);
    const r = await runCli(['sweep', grid, '--shard', `${spec.completions! - 1}/${spec.completions}`, '--out', path.join(tmp, 'shard'), '--dry-run'], { env: { INITLAB_OFFLINE: '1' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^plan: [1-9]\\d* runs \\(shard ${spec.completions! - 1}/${spec.completions} of \\d+\\)`));
  });
});
