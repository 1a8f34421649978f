/**
 * `npm run image:dry-run`: deploy/Dockerfile's steps without a Docker engine, to lint it and
 * to measure the image. Each stage gets a temporary folder standing for its WORKDIR: COPY takes
 * from the build context (a clean `git ls-files` checkout, minus Dockerfile.dockerignore) or from
 * an earlier stage's folder, and fails on a source that does not exist; RUN runs in the folder
 * with the stage's ENV. Then the last stage's CMD must name a file that exists, and must serve
 * /healthz. Prints the size of what each COPY and RUN added to the last stage.
 *
 * It reads only the instructions deploy/Dockerfile uses (FROM, WORKDIR, ENV, COPY, RUN, USER,
 * EXPOSE, CMD in exec form), and says so for any other.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const dockerfile = path.join(repoRoot, 'deploy/Dockerfile');
const work = mkdtempSync(path.join(tmpdir(), 'deck-image-'));
const keep = process.argv.includes('--keep');

interface Stage {
  name: string;
  folder: string;
  workdir: string;
  env: Record<string, string>;
}

function fail(message: string): never {
  console.error(`deploy/Dockerfile: ${message}`);
  process.exit(1);
}

/** The build context: the committed files, without what the dockerignore file leaves out. */
function makeContext(): string {
  const context = path.join(work, 'context');
  mkdirSync(context);
  const ignored = readFileSync(path.join(repoRoot, 'deploy/Dockerfile.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const matches = (file: string) =>
    ignored.some((pattern) => {
      const top = file.split('/')[0];
      if (pattern.startsWith('*.')) return file.endsWith(pattern.slice(1));
      return top === pattern || file === pattern;
    });
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files.filter((f) => !matches(f) && existsSync(path.join(repoRoot, f)))) {
    mkdirSync(path.dirname(path.join(context, file)), { recursive: true });
    cpSync(path.join(repoRoot, file), path.join(context, file));
  }
  return context;
}

function du(target: string): number {
  if (!existsSync(target)) return 0;
  return Number(execFileSync('du', ['-sk', target], { encoding: 'utf8' }).split('\t')[0]) * 1024;
}
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Joined instruction lines (backslash continuations), without comments. */
function instructions(text: string): string[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

const context = makeContext();
const stages: Stage[] = [];
let stage: Stage | undefined;
let cmd: string[] | undefined;
const added: Array<{ step: string; bytes: number }> = [];

for (const line of instructions(readFileSync(dockerfile, 'utf8'))) {
  const [keyword, ...rest] = line.split(/\s+/);
  const args = rest.join(' ');
  if (keyword === 'FROM') {
    const name = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? `stage-${stages.length}`;
    stage = { name, folder: path.join(work, name), workdir: '/', env: {} };
    mkdirSync(stage.folder);
    stages.push(stage);
    added.length = 0;
    cmd = undefined;
    console.log(`\n== ${line}`);
    continue;
  }
  if (!stage) fail(`${keyword} before FROM`);
  const inStage = (containerPath: string, current: Stage) => path.join(current.folder, path.posix.resolve(current.workdir, containerPath));
  const before = du(stage.folder);
  switch (keyword) {
    case 'WORKDIR':
      stage.workdir = path.posix.resolve(stage.workdir, args);
      mkdirSync(inStage('.', stage), { recursive: true });
      break;
    case 'ENV':
      for (const [, name, value] of args.matchAll(/(\w+)=(\S+)/g)) stage.env[name] = value;
      break;
    case 'COPY': {
      const parts = rest.filter((p) => !p.startsWith('--'));
      const from = /--from=(\S+)/.exec(args)?.[1];
      const source = from ? stages.find((s) => s.name === from) : undefined;
      if (from && !source) fail(`COPY --from=${from}: no such stage`);
      const destination = parts.pop()!;
      for (const part of parts) {
        const origin = source ? path.join(source.folder, path.posix.resolve('/', part)) : path.join(context, part);
        if (!existsSync(origin)) fail(`${line}: \`${part}\` does not exist ${source ? `in stage ${from}` : 'in the build context'}`);
        // A folder's contents go to the destination; a file goes into it when it ends with `/`.
        const into = !statSync(origin).isDirectory() && (destination.endsWith('/') || parts.length > 1);
        cpSync(origin, into ? path.join(inStage(destination, stage), path.basename(part)) : inStage(destination, stage), { recursive: true });
      }
      break;
    }
    case 'RUN': {
      console.log(`-- ${line}`);
      // A BuildKit cache mount (`--mount=type=cache,target=/root/.npm`) is this machine's own npm cache here.
      const command = args.replace(/^(--mount=\S+\s+)+/, '');
      const run = spawnSync('bash', ['-c', command], { cwd: inStage('.', stage), stdio: 'inherit', env: { ...process.env, ...stage.env } });
      if (run.status !== 0) fail(`${line}: exit status ${run.status}`);
      break;
    }
    case 'CMD':
      try {
        cmd = JSON.parse(args) as string[];
      } catch {
        fail('CMD must be in exec form (a JSON list), so that SIGTERM reaches node');
      }
      break;
    case 'USER':
    case 'EXPOSE':
      break;
    default:
      fail(`this dry run does not know ${keyword}; teach scripts/image-dry-run.ts`);
  }
  if (keyword === 'COPY' || keyword === 'RUN') added.push({ step: line, bytes: du(stage.folder) - before });
}

const last = stages.at(-1)!;
if (!cmd) fail('the last stage has no CMD');
const app = path.join(last.folder, last.workdir);
const script = cmd.find((arg, i) => i > 0 && !arg.startsWith('-'));
if (script && !existsSync(path.join(app, script))) fail(`CMD runs ${script}, which the last stage does not have`);

console.log('\nWhat each step added to the image (on top of the base image):');
for (const { step, bytes } of added) console.log(`  ${mb(bytes).padStart(9)}  ${step}`);
for (const folder of ['node_modules', 'dist', 'lib', 'scripts']) console.log(`  ${folder}: ${mb(du(path.join(app, folder)))}`);
console.log(`  total: ${mb(du(app))}`);

// The CMD, as the container runs it: it must serve the deck with nothing but the last stage.
const child = spawn(cmd[0] === 'node' ? process.execPath : cmd[0], cmd.slice(1), {
  cwd: app,
  env: { PATH: process.env.PATH, ...last.env, PORT: '0', HOST: '127.0.0.1' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
child.stdout.on('data', (chunk: Buffer) => (output += chunk));
child.stderr.on('data', (chunk: Buffer) => (output += chunk));
const origin = await new Promise<string>((resolve) => {
  const timer = setTimeout(() => resolve(''), 15_000);
  child.stdout.on('data', () => {
    const found = /Attendees: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
    if (found) {
      clearTimeout(timer);
      resolve(found);
    }
  });
  child.once('exit', () => resolve(''));
});
const health = origin ? await fetch(new URL('healthz', origin)).then((r) => r.status, () => 0) : 0;
child.kill('SIGTERM');
if (!keep) rmSync(work, { recursive: true, force: true });
if (health !== 200) fail(`CMD ${JSON.stringify(cmd)} did not serve /healthz:\n${output}`);
console.log(`\nCMD ${JSON.stringify(cmd)} serves the deck: /healthz 200.${keep ? ` Stages kept in ${work}.` : ''}`);
