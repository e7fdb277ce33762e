import { describe, expect, it } from 'vitest';
import { daemonUsage, wantsHelp } from './daemon-help.ts';

describe('daemonUsage', () => {
  const options = { port: { type: 'string', default: '6443' }, verbose: { type: 'boolean', default: false }, san: { type: 'string', multiple: true, default: [] } } as const;

  it('lists each flag with its argument type, description and non-empty default, aligned', () => {
    const out = daemonUsage('thing', 'Does a thing.', options, { port: 'port to listen on', verbose: 'say more', san: 'extra names' });
    expect(out).toBe([
      'Usage: skiff thing [flags]',
      '',
      'Does a thing.',
      '',
      'Flags:',
      '  --port string   port to listen on (default "6443")',
      '  --verbose       say more',
      '  --san strings   extra names',
      '  -h, --help      help for thing',
      '',
    ].join('\n'));
  });

  it('refuses a flag without a description (the list must not drift from what is parsed)', () => {
    expect(() => daemonUsage('thing', 'x', options, { port: 'p' })).toThrow('thing: no help text for --verbose, --san');
  });

  it('wantsHelp: --help or -h anywhere', () => {
    expect(wantsHelp(['--port', '1', '-h'])).toBe(true);
    expect(wantsHelp(['--help'])).toBe(true);
    expect(wantsHelp(['--helpful'])).toBe(false);
  });
});
