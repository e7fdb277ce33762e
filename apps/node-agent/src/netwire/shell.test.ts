import { afterEach, describe, expect, it } from 'vitest';
import { quote, script, ShellWorker } from './shell.ts';

let worker: ShellWorker | undefined;
afterEach(() => worker?.close());

describe('ShellWorker: one persistent shell for the agent', () => {
  it('runs commands in order, output and status of each request apart', async () => {
    worker = new ShellWorker();
    const a = worker.run([{ argv: ['echo', 'one'] }, { argv: ['echo', 'two'] }]);
    const b = worker.run([{ argv: ['sh', '-c', 'echo oops >&2; exit 3'] }, { argv: ['echo', 'never'] }]);
    expect(await a).toEqual({ code: 0, output: 'one\ntwo\n' });
    expect(await b).toEqual({ code: 3, output: 'oops\n' });
  });

  it('an optional command may fail without stopping the list; arguments reach it verbatim', async () => {
    worker = new ShellWorker();
    const odd = `a 'b' "c" $HOME \`x\` ; |`;
    const r = await worker.run([{ argv: ['false'], optional: true }, { argv: ['printf', '%s|', odd, ''] }]);
    expect(r).toEqual({ code: 0, output: `${odd}||` });
  });

  it('feeds stdin from a here-document, with $ and quotes left alone', async () => {
    worker = new ShellWorker();
    const r = await worker.run([{ argv: ['cat'], stdin: 'line $1 \'q\'\nsecond' }, { argv: ['echo', 'after'] }]);
    expect(r).toEqual({ code: 0, output: "line $1 'q'\nsecond\nafter\n" });
  });

  it('a shell that died is replaced on the next request', async () => {
    worker = new ShellWorker();
    const died = await worker.run([{ argv: ['sh', '-c', 'kill -9 $PPID'] }]);
    expect(died.code).toBe(-1);
    expect(await worker.run([{ argv: ['echo', 'back'] }])).toEqual({ code: 0, output: 'back\n' });
  });

  it('quote() survives the shell for every byte but NUL', async () => {
    worker = new ShellWorker();
    const all = Array.from({ length: 255 }, (_, i) => String.fromCharCode(i + 1)).join('');
    expect(quote("it's")).toBe(`'it'\\''s'`);
    const r = await worker.run([{ argv: ['printf', '%s', all] }]);
    expect(r.output).toBe(all);
  });

  it('script(): a failed required command skips the rest', () => {
    expect(script([{ argv: ['a'] }, { argv: ['b'], optional: true }])).toBe("rc=0\nif [ $rc -eq 0 ]; then\n'a'\nrc=$?\nfi\nif [ $rc -eq 0 ]; then\n'b' >/dev/null 2>&1\nfi");
  });
});
