/** Export progress: a bar on a terminal (cli-progress), plain timed lines in logs and CI. */
import { SingleBar } from 'cli-progress';

export interface Progress {
  /** A new stage begins; the previous one is done. */
  stage(label: string): void;
  /** Ends the bar (or the lines); call once, also on failure. */
  stop(): void;
}

export const exportStages = 7;

export function createProgress(stream: NodeJS.WriteStream = process.stderr, total = exportStages): Progress {
  const started = performance.now();
  if (!stream.isTTY) {
    let last: { label: string; at: number } | undefined;
    const finish = () => {
      if (last) stream.write(`pdf: ${last.label} (${((performance.now() - last.at) / 1000).toFixed(2)} s)\n`);
      last = undefined;
    };
    return {
      stage(label) {
        finish();
        last = { label, at: performance.now() };
      },
      stop: finish,
    };
  }
  const bar = new SingleBar({
    stream,
    format: 'PDF {bar} {value}/{total} {stage} {seconds} s',
    barsize: 24,
    hideCursor: true,
    clearOnComplete: false,
  });
  let done = 0;
  bar.start(total, 0, { stage: 'starting', seconds: '0.0' });
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  return {
    stage(label) {
      bar.update(done, { stage: label, seconds: seconds() });
      done = Math.min(done + 1, total);
    },
    stop() {
      bar.update(done, { stage: 'done', seconds: seconds() });
      bar.stop();
    },
  };
}
