import { describe, expect, it } from 'vitest';
import { LineDecoder } from './line-decoder.ts';
import { decodeEvent } from './watch-event.ts';
import { isNetworkError } from './errors.ts';

const enc = new TextEncoder();

describe('LineDecoder', () => {
  it('reassembles a line split across chunks, at every split point', () => {
    const text = '{"type":"ADDED","object":{"metadata":{"name":"é€"}}}\n{"type":"DELETED","object":{}}\n';
    const bytes = enc.encode(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const d = new LineDecoder();
      const lines = [...d.push(bytes.slice(0, cut)), ...d.push(bytes.slice(cut))];
      expect(d.flush()).toBeUndefined();
      expect(lines).toEqual(text.trim().split('\n'));
    }
  });

  it('handles many events in one chunk, blank lines and CRLF', () => {
    const d = new LineDecoder();
    expect(d.push('a\r\n\nb\nc')).toEqual(['a', 'b']);
    expect(d.push('d\n')).toEqual(['cd']);
  });

  it('returns an unterminated tail on flush', () => {
    const d = new LineDecoder();
    d.push('{"x":1}\n{"y"');
    expect(d.flush()).toBe('{"y"');
  });
});

describe('decodeEvent', () => {
  it('parses events and typed ERROR events', () => {
    expect(decodeEvent('{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"5"}}}').type).toBe('BOOKMARK');
    const ev = decodeEvent('{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired"}}');
    expect(ev.type === 'ERROR' && ev.object.code).toBe(410);
  });
  it.each(['{"type":"ADDED"', 'null', '{"type":"NOPE","object":{}}', '{"type":"ADDED"}', '{"type":"ERROR","object":{}}'])(
    'malformed %s is an error, not a drop',
    (line) => {
      try {
        decodeEvent(line);
        expect.unreachable();
      } catch (e) {
        expect(isNetworkError(e)).toBe(true); // code 0: produced client-side
        expect(String(e)).toMatch(/malformed watch event/);
      }
    },
  );
});
