import { describe, expect, it } from 'vitest';
import { alignRows, TabWriter } from './tabwriter.ts';

describe('TabWriter', () => {
  it('pads every cell but the last by 3, with a minimum column width of 6', () => {
    expect(alignRows([['NAME', 'READY', 'AGE'], ['web-1', '1/1', '5s']])).toBe('NAME    READY   AGE\nweb-1   1/1     5s\n');
    expect(alignRows([['a', 'b'], ['c', 'd']])).toBe('a     b\nc     d\n');
  });

  it('remembers widths across flushes, like kubectl get -w', () => {
    let out = '';
    const tw = new TabWriter((t) => (out += t));
    tw.row(['NAME', 'STATUS', 'AGE']);
    tw.row(['p', 'Pending', '0s']);
    tw.flush();
    tw.row(['p', 'ContainerCreating', '1s']);
    tw.flush();
    tw.row(['p', 'Running', '2s']);
    tw.flush();
    expect(out.split('\n')).toEqual([
      'NAME   STATUS    AGE',
      'p      Pending   0s',
      'p      ContainerCreating   1s',
      'p      Running             2s',
      '',
    ]);
  });
});
