/**
 * Shell variables used before any slide sets them: the scan of one script (shell-scan.ts), and
 * the lint warning over a deck in order (shell-variables.ts), with the decks other people write.
 */
import { describe, expect, it } from 'vitest';
import { shellEvents } from '../../src/core/shell-scan.js';
import { promptCommands } from '../../src/core/shell-variables.js';
import { buildFixture, manifestFor, positions } from './deck-fixture.js';

/** `+NAME` set, `NAME` used, `?` may set anything, in order. */
function scan(script: string): string {
  return shellEvents(script)
    .map((e) => (e.kind === 'unknown' ? '?' : e.kind === 'define' ? `+${e.name}` : e.name))
    .join(' ');
}

const bash = (...lines: string[]) => ['```bash', ...lines, '```'].join('\n');
const usedBefore = (build: ReturnType<typeof buildFixture>) => build.diagnostics.filter((d) => d.message.includes('is used before'));

describe('reading a script', () => {
  it.each([
    ['assignments before a command, then uses, in order', 'A=1 B=$A cmd $C\necho $B', '+A A +B C B'],
    ['a value is read before its variable is set', 'PATH_X=$PATH_X:/bin', 'PATH_X +PATH_X'],
    ['single quotes, escapes and comments use nothing', "echo '$X' \\$Y # $Z\nawk '{print $1}'", ''],
    ['double quotes and braces use', 'echo "$A ${B} ${C%.*} ${#D} ${E[0]} ${F:?unset}"', 'A B C D E F'],
    ['a default means not needed; := sets', 'echo ${A:-x} ${B-x} ${C:+x} ${D:=x} $D', '+D D'],
    ['the default itself may use', 'echo ${A:-$B}', 'B'],
    ['command substitution, nested, and backticks', 'X=$(kubectl get $(echo $KIND) -o name)\necho `date $FMT` $X', 'KIND +X FMT X'],
    ['a subshell inside $( ) does not end it', 'X=$( (cd /tmp && ls $DIR) )\necho $X', 'DIR +X X'],
    ['arithmetic', 'echo $(( $N + 1 )) $((M))', 'N'],
    ['special parameters are not variables', 'echo $1 $@ $* $# $? $$ $! $- $0 ${1} ${@}\nkill %1', ''],
    ['for, select, read, getopts, printf -v, mapfile', 'for i in 1 2; do echo $i; done\nread -r -p "Name: " NAME\ngetopts ab OPT\nprintf -v OUT %s x\nmapfile -t LINES < f\necho $NAME $OPT $OUT $LINES', '+i i +NAME +OPT +OUT +LINES NAME OPT OUT LINES'],
    ['export, declare, local, readonly, typeset', 'export A=1 B\ndeclare -i C=2\nlocal D\nreadonly E=$A\ntypeset F', '+A +B +C +D A +E +F'],
    ['a here-document: unquoted uses, quoted does not', "cat <<EOF | kubectl apply -f -\nname: $NAME\nEOF\ncat <<'EOF'\n$QUOTED\nEOF\ncat <<-END\n\t$TABBED\n\tEND\necho $AFTER", 'NAME TABBED AFTER'],
    ['ANSI-C quoting uses nothing', "echo $'\\n$X'", ''],
    ['source, . and eval may set anything', 'source env.sh\n. ./env\neval "$(minikube docker-env)"', '? ? ?'],
    ['source of a process substitution sets nothing (completion)', 'source <(kubectl completion bash)\necho $X', 'X'],
    ['keywords keep the command position', 'if true; then X=1; fi\nwhile false; do Y=2; done', '+X +Y'],
    ['a jsonpath or go-template in quotes', "kubectl get svc web -o jsonpath='{.spec.clusterIP}'\nkubectl get pods -o go-template=\"{{.status.podIP}}\"", ''],
    ['an empty script', '', ''],
  ])('%s', (_, script, expected) => {
    expect(scan(script)).toBe(expected);
  });

  it('reads the commands of a console session, not its output', () => {
    const session = ['$ export NS=blue', 'host% echo $ZSH', 'NAME   READY  $OUTPUT', 'user@host:~$ kubectl -n $NS get pods \\', '  -l app=$APP', '50% done $NOT', 'root@vm:/# echo $ROOT'].join('\n');
    const commands = promptCommands(session);
    expect(commands).toHaveLength(session.length);
    expect(scan(commands)).toBe('+NS ZSH NS APP ROOT');
  });

  it('survives junk: deep nesting and unclosed quotes, in linear time', () => {
    for (const junk of ['$('.repeat(200_000), '${'.repeat(200_000), '`'.repeat(100_001), '"$('.repeat(100_000), "'".repeat(3) + '$X', '<<'.repeat(50_000)]) {
      const started = performance.now();
      expect(() => shellEvents(junk)).not.toThrow();
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});

describe('the lint warning over a deck', () => {
  const deck = (chapters: Record<string, string>, manifest = manifestFor(...Object.keys(chapters))) => buildFixture(manifest, chapters);

  it('names the first use of a variable no earlier slide sets, once, at its file, line and column', () => {
    const build = deck({
      'a.md': ['# A', '', '---', '', '## Use', '', bash('kubectl get pods -n $NS', 'echo $NS'), '', '---', '', '## Set', '', bash('NS=blue')].join('\n'),
    });
    expect(positions(usedBefore(build))).toEqual(['warning a.md:8:21']);
    expect(usedBefore(build)[0].message).toBe('`$NS` is used before any command on the slides sets it: an attendee who runs the blocks in order gets an empty value here');
    expect(usedBefore(build)[0].fix).toBe('it is set later, at a.md:17: set it on this slide or an earlier one (`NS=...`)');
    expect(build.ok).toBe(true);
  });

  it('follows the deck order across chapters, and takes an assignment written as inline code', () => {
    const build = deck({
      'a.md': ['# A', '', '## Set', '', '- Pick a namespace: `NS=blue`', '', bash('export IMAGE=nginx:1.28')].join('\n'),
      'b.md': ['# B', '', '## Use', '', bash('kubectl -n $NS create deployment web --image=$IMAGE', 'echo $HOME $PATH $RANDOM $LC_ALL')].join('\n'),
    });
    expect(usedBefore(build)).toEqual([]);
  });

  it('does not count notes, which attendees do not see, and does not check them', () => {
    const build = deck({ 'a.md': ['# A', '', '## Use', '', bash('echo $TOKEN'), '', '???', '', bash('TOKEN=secret', 'echo $OTHER')].join('\n') });
    expect(positions(usedBefore(build))).toEqual(['warning a.md:6:6']);
    expect(usedBefore(build)[0].fix).toContain('set it on this slide or an earlier one (`TOKEN=...` in a shell block)');
  });

  it('counts only the slides the variant shows', () => {
    const manifest = ['title: T', 'exclude: [self-paced]', 'variants:', '  self-paced:', '    exclude: [in-person]', 'chapters:', '  - a.md', ''].join('\n');
    const chapter = ['# A', '', '---', 'class: in-person', '', '## Set in the room', '', bash('CLUSTER=room-1'), '', '---', '', '## Use', '', bash('kubectl config use-context $CLUSTER')].join('\n');
    expect(usedBefore(buildFixture(manifest, { 'a.md': chapter }))).toEqual([]);
    expect(positions(usedBefore(buildFixture(manifest, { 'a.md': chapter }, 'self-paced')))).toEqual(['warning a.md:17:28']);
  });

  it('names the included file when the use is in code from a file', () => {
    const build = buildFixture(manifestFor('a.md'), { 'a.md': ['# A', '', '## Run', '', '<<< @/scripts/run.sh'].join('\n'), 'scripts/run.sh': '#!/bin/sh\nset -e\ncurl "$URL"\n' });
    expect(positions(usedBefore(build))).toEqual(['warning scripts/run.sh:3:7']);
  });

  it('stops at a `source`: what it set cannot be known', () => {
    const build = deck({ 'a.md': ['# A', '', bash('echo $BEFORE', 'source ./lab-env.sh', 'echo $AFTER')].join('\n') });
    expect(positions(usedBefore(build))).toEqual(['warning a.md:4:6']);
  });

  it('reads a line marked for highlighting (`*` first) as the command it shows', () => {
    const build = deck({ 'a.md': ['# A', '', bash('*NS=blue', 'kubectl -n $NS get pods', '*kubectl -n $NS get svc')].join('\n') });
    expect(usedBefore(build)).toEqual([]);
  });

  it('reads console blocks by their prompts and leaves other languages alone', () => {
    const build = deck({
      'a.md': ['# A', '', '```console', '$ echo $SESSION', 'value: $OUTPUT', '```', '', '```makefile', 'all:', '\tdocker build -t $(REGISTRY)/app .', '```', '', '```yaml', 'value: $NOT_SHELL', '```', '', '```', 'echo $UNLABELLED', '```'].join('\n'),
    });
    expect(positions(usedBefore(build))).toEqual(['warning a.md:4:8']);
  });
});

describe('decks written elsewhere make no noise', () => {
  it('a container.training-style chapter: exercises with indented fences, spans in code, here-documents, sessions', () => {
    const chapter = [
      '# Exposing containers',
      '',
      '## Finding the ClusterIP',
      '',
      '.exercise[',
      '',
      '- Get the IP address allocated to the service:',
      '  ```bash',
      "  IP=$(kubectl get svc httpenv -o go-template --template '{{ .spec.clusterIP }}')",
      '  ```',
      '',
      '- Send a few requests:',
      '  ```bash',
      '  for i in $(seq 10); do curl http://$IP:8888/; done',
      '  ```',
      '',
      ']',
      '',
      '---',
      '',
      '## Many moving parts',
      '',
      '.exercise[',
      '',
      '- Show the token of the `jean.doe` account:',
      '  ```bash',
      '  kubectl --namespace=users describe secret `jean.doe-token-xxxxx`',
      '  ```',
      '',
      '- Create the CSR:',
      '  ```bash',
      '    kubectl apply -f - <<EOF',
      '    apiVersion: certificates.k8s.io/v1',
      '    kind: CertificateSigningRequest',
      '    spec:',
      '      request: $(base64 -w0 < csr.pem)',
      '    EOF',
      '  ```',
      '',
      '- Run a proxy in the background, use it, stop it:',
      '  ```bash',
      '  kubectl proxy &',
      '  curl localhost:8001/api/v1/namespaces/default/services/webui/proxy/',
      '  kill %1',
      '  ```',
      ']',
      '',
      '---',
      '',
      '## In a shell session',
      '',
      '```shell',
      '$ tmux new -s workshop',
      '$ echo $TMUX',
      '/tmp/tmux-1000/default,4242,0',
      '$ kubectl get nodes -o jsonpath="{.items[*].metadata.name}"',
      'node1 node2 $NOTHING',
      '```',
      '',
      '```bash',
      "docker run --rm -it alpine sh -c 'echo $HOSTNAME $PWD'",
      'echo "Now at $(date) on ${HOSTNAME:-unknown}" # $COMMENT',
      '```',
    ].join('\n');
    const build = buildFixture(['title: T', 'gitrepo: github.com/example/training', 'content:', '- k8s/expose.md', ''].join('\n'), { 'k8s/expose.md': chapter });
    expect(build.diagnostics).toEqual([]);
  });
});
