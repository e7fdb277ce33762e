import { describe, expect, it, vi } from 'vitest';
import { daemonUsage, parseDaemonArgs, wantsHelp } from './daemon-help.ts';

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

describe('parseDaemonArgs', () => {
  const options = { port: { type: 'string', default: '6443' }, leader: { type: 'boolean', default: true } } as const;
  const help = { port: 'port', leader: 'elect a leader' };

  it('gives the values, negatives included', () => {
    expect(parseDaemonArgs('d', 's', ['--port', '1', '--no-leader'], options, help)).toEqual({ port: '1', leader: false });
  });

  it('prints the usage for --help and gives nothing to start with', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(parseDaemonArgs('d', 's', ['--port', '1', '-h'], options, help)).toBeUndefined();
      expect(write).toHaveBeenCalledWith(daemonUsage('d', 's', options, help));
    } finally {
      write.mockRestore();
    }
  });

  it('an unknown flag is an error, as before', () => {
    expect(() => parseDaemonArgs('d', 's', ['--bogus'], options, help)).toThrow("Unknown option '--bogus'");
  });
});
